// Whether a build ended at one of the sandbox's limits, which can leave its engine in a poor
// state (a full disk, a process table full of a fork bomb's zombies, a killed step's debris):
// then the engine is emptied before its next build (engine/engine-recycle.ts).

/** What the kernel and BuildKit say when a step hits the memory, disk or process limit. */
const LIMIT_SIGNS = [/\bexit code: 137\b/, /no space left on device/i, /resource temporarily unavailable/i, /\bcannot fork\b/i, /fork: retry/i, /disk quota exceeded/i];

export type BuildEnd = { outcome: 'success' | 'cancelled' } | { outcome: 'timeout' | 'deadline' } | { outcome: 'failed'; message: string };

export function hitLimit(end: BuildEnd): boolean {
  if (end.outcome === 'timeout' || end.outcome === 'deadline') return true;
  return end.outcome === 'failed' && LIMIT_SIGNS.some((sign) => sign.test(end.message));
}
