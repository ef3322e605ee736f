// User Timing marks of a build's first moments, so the page's share of "Build pressed -> first
// line drawn" can be told from the server's (bench/workbench.ts reads them):
//   mslab:pressed->sent, mslab:sent->accepted, mslab:sent->first-line-received,
//   mslab:received->drawn, and the whole, mslab:build->first-line.
const MARKS = ['pressed', 'sent', 'accepted', 'received', 'drawn'] as const;
type Mark = (typeof MARKS)[number];
const name = (mark: Mark) => `mslab:build-${mark}`;

const measure = (label: string, from: Mark, to: Mark) => performance.measure(`mslab:${label}`, name(from), name(to));

export const buildTiming = {
  pressed(): void {
    for (const mark of MARKS) performance.clearMarks(name(mark));
    performance.clearMeasures();
    performance.mark(name('pressed'));
  },
  sent(): void {
    performance.mark(name('sent'));
    measure('pressed->sent', 'pressed', 'sent');
  },
  /** A message of the build arrived: the first one, and the first line of its log. */
  received(type: string): void {
    const first = (mark: Mark) => performance.getEntriesByName(name(mark)).length === 0;
    if (first('sent')) return; // a build this page did not start (resumed, adopted)
    if (type === 'accepted' && first('accepted')) {
      performance.mark(name('accepted'));
      measure('sent->accepted', 'sent', 'accepted');
    }
    if ((type === 'step' || type === 'log') && first('received')) {
      performance.mark(name('received'));
      measure('sent->first-line-received', 'sent', 'received');
    }
  },
  /** Whether the next line drawn is the build's first. */
  awaitingFirstLine(): boolean {
    return performance.getEntriesByName(name('received')).length > 0 && performance.getEntriesByName(name('drawn')).length === 0;
  },
  drawn(): void {
    if (performance.getEntriesByName(name('drawn')).length > 0) return;
    performance.mark(name('drawn'));
    measure('received->drawn', 'received', 'drawn');
    measure('build->first-line', 'pressed', 'drawn');
  },
};
