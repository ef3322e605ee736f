import { describe, expect, it } from 'vitest';
import { classCsv, csvField } from './class-csv.ts';
import type { MatrixColumn, MatrixRow } from './class-matrix.ts';

describe('class CSV', () => {
  it('quotes what needs quoting and keeps formulas as text', () => {
    expect(csvField('Ada')).toBe('Ada');
    expect(csvField('Lovelace, Ada')).toBe('"Lovelace, Ada"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvField('@SUM(A1)')).toBe('"\'@SUM(A1)"');
    expect(csvField(-3)).toBe('-3');
  });

  it('has a row per member with each step, the last build and the stuck sign', () => {
    const columns: MatrixColumn[] = [
      { lab: 'node', labTitle: 'Node', step: 'regular', title: 'Regular', checkpoints: [] },
      { lab: 'node', labTitle: 'Node', step: 'multi', title: 'Multi', checkpoints: [] },
    ];
    const row: MatrixRow = {
      member: 'm',
      name: 'Ada',
      joinedAt: Date.UTC(2026, 0, 1, 9),
      passedSteps: 1,
      cells: [
        { lab: 'node', step: 'regular', state: 'passed', checkpoints: [] },
        { lab: 'node', step: 'multi', state: 'failing', checkpoints: [] },
      ],
      lastBuild: { lab: 'node', file: 'Dockerfile', outcome: 'success', imageSize: 531_000_000, durationMs: 20_000, at: Date.UTC(2026, 0, 1, 9, 30) },
      stuck: { stuck: true, reason: 'failed-builds', count: 3 },
    };
    expect(classCsv(columns, [row]).split('\r\n')).toEqual([
      'name,joined,steps passed,node/regular,node/multi,last build,last build outcome,last image MB,stuck',
      'Ada,2026-01-01T09:00:00.000Z,1/2,passed,failing,2026-01-01T09:30:00.000Z,success,531.0,3 failed builds in a row',
      '',
    ]);
  });
});
