// The class as CSV: a row per member, a column per step (passed / failing / not tried), the
// last build and the stuck sign. Fields are quoted, and a name that a spreadsheet would run as
// a formula (= + - @ at the start) is prefixed with a quote so it stays text.
import type { MatrixColumn, MatrixRow } from './class-matrix.ts';

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\n\r']/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const STATE_WORDS = { passed: 'passed', failing: 'failing', 'not-tried': 'not tried' } as const;

export function classCsv(columns: readonly MatrixColumn[], rows: readonly MatrixRow[]): string {
  const header = ['name', 'joined', 'steps passed', ...columns.map((c) => `${c.lab}/${c.step}`), 'last build', 'last build outcome', 'last image MB', 'stuck'];
  const lines = [header.map(csvField).join(',')];
  for (const row of rows) {
    const stuck = !row.stuck.stuck ? '' : row.stuck.reason === 'failed-builds' ? `${row.stuck.count} failed builds in a row` : `no progress for ${Math.round(row.stuck.sinceMs / 60_000)} min`;
    lines.push(
      [
        row.name,
        new Date(row.joinedAt).toISOString(),
        `${row.passedSteps}/${columns.length}`,
        ...row.cells.map((c) => STATE_WORDS[c.state]),
        row.lastBuild ? new Date(row.lastBuild.at).toISOString() : '',
        row.lastBuild?.outcome ?? '',
        row.lastBuild?.imageSize != null ? (row.lastBuild.imageSize / 1e6).toFixed(1) : '',
        stuck,
      ]
        .map(csvField)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
