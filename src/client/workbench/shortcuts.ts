// Keyboard shortcuts as the learner's platform spells them: Cmd on Apple keyboards, Ctrl
// elsewhere. Monaco and the page both accept either; the label shows the one to press.

export const isApple = (platform: string): boolean => /mac|iphone|ipad|ipod/i.test(platform);

/** "⌘ Enter" on macOS, "Ctrl+Enter" elsewhere. */
export const buildShortcutLabel = (platform: string): string => (isApple(platform) ? '⌘ Enter' : 'Ctrl+Enter');

/** What `aria-keyshortcuts` should say on this platform. */
export const buildShortcutAria = (platform: string): string => (isApple(platform) ? 'Meta+Enter' : 'Control+Enter');

export const isBuildShortcut = (event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey'>): boolean => event.key === 'Enter' && (event.ctrlKey || event.metaKey);

/** The browser's platform name (userAgentData where there is one). */
export function currentPlatform(nav: Navigator): string {
  const data = (nav as Navigator & { userAgentData?: { platform?: string } }).userAgentData;
  return data?.platform || nav.platform || '';
}
