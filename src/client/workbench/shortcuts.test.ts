import { describe, expect, it } from 'vitest';
import { buildShortcutAria, buildShortcutLabel, isBuildShortcut } from './shortcuts.ts';

describe('shortcuts', () => {
  it('says Cmd on Apple platforms and Ctrl elsewhere', () => {
    expect(buildShortcutLabel('MacIntel')).toBe('⌘ Enter');
    expect(buildShortcutLabel('macOS')).toBe('⌘ Enter');
    expect(buildShortcutLabel('iPad')).toBe('⌘ Enter');
    expect(buildShortcutLabel('Win32')).toBe('Ctrl+Enter');
    expect(buildShortcutLabel('Linux x86_64')).toBe('Ctrl+Enter');
    expect(buildShortcutAria('MacIntel')).toBe('Meta+Enter');
    expect(buildShortcutAria('Windows')).toBe('Control+Enter');
  });
  it('accepts either modifier with Enter', () => {
    expect(isBuildShortcut({ key: 'Enter', ctrlKey: true, metaKey: false })).toBe(true);
    expect(isBuildShortcut({ key: 'Enter', ctrlKey: false, metaKey: true })).toBe(true);
    expect(isBuildShortcut({ key: 'Enter', ctrlKey: false, metaKey: false })).toBe(false);
  });
});
