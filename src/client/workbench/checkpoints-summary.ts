// The log's last line after the checks: how many checkpoints pass, or, when the checks
// themselves could not run (the server's `checks-failed`, or no verdict at all), that, rather
// than a misleading "0 of 0 pass".
import type { ServerMessage } from '../../../shared/protocol/messages.ts';
import { fill, formatDuration } from '../format.ts';

type Strings = typeof import('../../strings.ts').strings.workbench;
type Checkpoints = Extract<ServerMessage, { type: 'checkpoints' }>;


export function checkpointsSummary(message: Checkpoints, checksError: string | undefined, s: Strings): { text: string; checksFailed: boolean } {
  const passed = message.steps.reduce((n, st) => n + st.checkpoints.filter((c) => c.status === 'pass').length, 0);
  const total = message.steps.reduce((n, st) => n + st.checkpoints.length, 0);
  if (checksError !== undefined || total === 0) return { text: fill(s.checksFailed, { reason: checksError ?? s.watchdog.noCheckpoints }), checksFailed: true };
  // Skipped ones (a --target build cannot answer them) are neither passed nor failed: counted apart.
  const skipped = message.steps.reduce((n, st) => n + st.checkpoints.filter((c) => c.status === 'skipped').length, 0);
  const text = fill(s.checkpointsSummary, { passed, total: total - skipped, time: formatDuration(message.durationMs) });
  return { text: skipped > 0 ? `${text} ${fill(s.checkpointsSkipped, { skipped })}` : text, checksFailed: false };
}
