// Which editor a device gets. Monaco does not support mobile browsers (its docs say so, and on
// a phone its hidden textarea fights the on-screen keyboard): touch-only devices get the plain
// editor, and `?editor=plain` / `?editor=monaco` overrides the guess.
type Env = { matchMedia(query: string): { matches: boolean }; location: { search: string } };

export function wantsPlainEditor(env: Env): boolean {
  const asked = new URLSearchParams(env.location.search).get('editor');
  if (asked === 'plain') return true;
  if (asked === 'monaco') return false;
  return env.matchMedia('(hover: none) and (pointer: coarse)').matches;
}
