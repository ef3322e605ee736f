// The parts of the workbench fetched after the page (the Dockerfile checks, Monaco's features,
// its diff editor) can fail to arrive: offline, or the site was updated since the page was
// opened and the old chunk is gone. One more try after a pause, then the caller says so
// instead of acting as if the part had nothing to say.
import { strings } from '../../strings.ts';
import type { Problem } from './dockerfile-language.ts';

const RETRY_AFTER_MS = 3000;

/** `load()`, tried once more after a pause if it fails. */
export function latePart<T>(load: () => Promise<T>): Promise<T> {
  return load().catch(() => new Promise((resolve) => setTimeout(resolve, RETRY_AFTER_MS)).then(load));
}

/** What the Problems list shows for a file when the checks could not be loaded: a note saying so, not "No problems found". */
export const checksUnavailable = (): Problem[] => [
  {
    severity: 'info',
    message: strings.workbench.checksUnavailable,
    rule: undefined,
    docs: undefined,
    line: 1,
    column: 1,
    fix: undefined,
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
  },
];
