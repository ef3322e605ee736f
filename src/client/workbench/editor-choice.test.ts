import { describe, expect, it } from 'vitest';
import { wantsPlainEditor } from './editor-choice.ts';

const env = (touchOnly: boolean, search = '') => ({ matchMedia: (q: string) => ({ matches: touchOnly && q.includes('pointer: coarse') }), location: { search } });

describe('editor choice', () => {
  it('gives touch-only devices the plain editor, others Monaco', () => {
    expect(wantsPlainEditor(env(true))).toBe(true);
    expect(wantsPlainEditor(env(false))).toBe(false);
  });
  it('lets the address choose', () => {
    expect(wantsPlainEditor(env(false, '?editor=plain'))).toBe(true);
    expect(wantsPlainEditor(env(true, '?editor=monaco'))).toBe(false);
  });
});
