import { describe, expect, it } from 'vitest';
import { matrixColumns, matrixRow, matrixRows, stepCell, type MatrixLab } from './class-matrix.ts';
import type { ClassBuild, VerdictRow } from './class-store.ts';

const lab: MatrixLab = {
  id: 'node',
  title: 'Node lab',
  steps: [
    { id: 'regular', title: 'Regular', file: 'Dockerfile', checkpoints: [{ id: 'builds', title: 'It builds' }] },
    {
      id: 'multi',
      title: 'Multi-stage',
      file: 'Dockerfile',
      checkpoints: [
        { id: 'stages', title: 'Two stages' },
        { id: 'small', title: 'Under 150 MB' },
      ],
    },
  ],
};
const verdict = (step: string, checkpoint: string, status: 'pass' | 'fail', at = 1): VerdictRow => ({
  lab: 'node',
  step,
  checkpoint,
  status,
  expected: status === 'pass' ? 'ok' : 'at most 150 MB',
  found: status === 'pass' ? 'ok' : '531.0 MB',
  at,
});
const cellOf = (verdicts: VerdictRow[]) => stepCell('node', lab.steps[1]!, new Map(verdicts.map((v) => [v.checkpoint, v])));
const member = { member: 'm1', learner: 'l1', name: 'Ada', joinedAt: 0 };
const settings = { failedBuilds: 3, quietMs: 600_000 };

describe('matrix cells', () => {
  it('no verdict is not tried', () => {
    expect(cellOf([])).toMatchObject({ state: 'not-tried', checkpoints: [{ state: 'not-tried' }, { state: 'not-tried' }] });
    expect(cellOf([]).failing).toBeUndefined();
  });

  it('every checkpoint passing is passed', () => {
    expect(cellOf([verdict('multi', 'stages', 'pass'), verdict('multi', 'small', 'pass')]).state).toBe('passed');
  });

  it('one failing checkpoint is failing, with its expected and found', () => {
    const cell = cellOf([verdict('multi', 'stages', 'pass'), verdict('multi', 'small', 'fail')]);
    expect(cell.state).toBe('failing');
    expect(cell.failing).toEqual({ checkpoint: 'small', title: 'Under 150 MB', expected: 'at most 150 MB', found: '531.0 MB' });
    expect(cell.checkpoints.map((c) => c.state)).toEqual(['passed', 'failing']);
  });

  it('some checkpoints checked and passing, others never checked, is failing (not done yet)', () => {
    const cell = cellOf([verdict('multi', 'stages', 'pass')]);
    expect(cell.state).toBe('failing');
    expect(cell.failing).toBeUndefined();
  });

  it('verdicts of checkpoints a lab no longer has are ignored', () => {
    expect(cellOf([verdict('multi', 'stages', 'pass'), verdict('multi', 'small', 'pass'), verdict('multi', 'gone', 'fail')]).state).toBe('passed');
  });
});

describe('matrix rows', () => {
  const build = (at: number, outcome: ClassBuild['outcome'], lab = 'node'): ClassBuild => ({ lab, file: 'Dockerfile', outcome, imageSize: outcome === 'success' ? 111e6 : null, durationMs: 9000, passing: 1, at });

  it('a column per step, in lab order', () => {
    expect(matrixColumns([lab]).map((c) => `${c.lab}/${c.step}`)).toEqual(['node/regular', 'node/multi']);
  });

  it('counts passed steps and shows the newest build of the class labs', () => {
    const row = matrixRow([lab], member, [verdict('regular', 'builds', 'pass')], [build(5, 'success'), build(9, 'failed'), build(20, 'success', 'other-lab')], 10, settings);
    expect(row.passedSteps).toBe(1);
    expect(row.cells.map((c) => c.state)).toEqual(['passed', 'not-tried']);
    expect(row.lastBuild).toEqual({ lab: 'node', file: 'Dockerfile', outcome: 'failed', imageSize: null, durationMs: 9000, at: 9 });
  });

  it('applies the stuck rule, and never to a learner who finished', () => {
    const failing = [build(1, 'failed'), build(2, 'failed'), build(3, 'failed')];
    expect(matrixRow([lab], member, [], failing, 4, settings).stuck).toEqual({ stuck: true, reason: 'failed-builds', count: 3 });
    const done = [verdict('regular', 'builds', 'pass'), verdict('multi', 'stages', 'pass'), verdict('multi', 'small', 'pass')];
    expect(matrixRow([lab], member, done, failing, 4, settings).stuck).toEqual({ stuck: false });
  });

  it('groups verdicts and builds by learner, never mixing two learners', () => {
    const other = { member: 'm2', learner: 'l2', name: 'Bo', joinedAt: 0 };
    const rows = matrixRows([lab], [member, other], [{ ...verdict('regular', 'builds', 'pass'), learner: 'l2' }], [{ ...build(1, 'success'), learner: 'l2' }], 2, settings);
    expect(rows.map((r) => [r.name, r.passedSteps, r.lastBuild?.outcome])).toEqual([
      ['Ada', 0, undefined],
      ['Bo', 1, 'success'],
    ]);
  });
});
