// Every Docker API call gets a deadline: an engine that hangs (a dockerd stuck on a full disk, a
// dead socket) must not hold a build slot forever. Calls also stop when their build is cancelled.

/** Longest any single Docker API call (inspect, create, start, remove...) may take. */
export const DOCKER_CALL_MS = 30_000;

/** The signal for one Docker call: the build's own signal, if any, or the call's deadline. */
export function callSignal(signal?: AbortSignal, ms = DOCKER_CALL_MS): AbortSignal {
  const deadline = AbortSignal.timeout(ms);
  return signal ? AbortSignal.any([signal, deadline]) : deadline;
}

/**
 * The call's result, or a rejection with the signal's reason when it aborts first: for the few
 * dockerode calls that take no signal (image inspect and history). The request itself may
 * linger until the engine answers; the build does not wait for it.
 */
export function bounded<T>(call: Promise<T>, signal: AbortSignal): Promise<T> {
  call.catch(() => undefined); // a late failure, after the race was lost, is nobody's business
  return Promise.race([call, whenAborted(signal).then(() => Promise.reject(signal.reason as Error))]);
}

/** Resolves when the signal aborts (never rejects): for racing a wait against a cancel. */
export function whenAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

/** Errors that mean the engine itself is gone (its socket refuses, vanished or hung up). */
export function isEngineGone(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string' && ['ECONNREFUSED', 'ENOENT', 'ECONNRESET', 'EPIPE', 'EHOSTUNREACH', 'ETIMEDOUT'].includes(code)) return true;
  return error instanceof Error && /socket hang up/.test(error.message);
}
