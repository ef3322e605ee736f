// The dashboard's model: one row per member, one cell per lab step (and per checkpoint, for
// the detailed view), each passed / failing / not tried, from the verdicts of the member's
// latest builds; beside it their last build and the stuck sign. Pure: the store reads, this
// decides, the page draws.
import type { ClassBuild, Member, VerdictRow } from './class-store.ts';
import { stuckVerdict, type StuckSettings, type StuckVerdict } from './stuck-rule.ts';

export interface MatrixLab {
  id: string;
  title: string;
  steps: ReadonlyArray<{ id: string; title: string; file: string; checkpoints: ReadonlyArray<{ id: string; title: string }> }>;
}

export type CellState = 'passed' | 'failing' | 'not-tried';

export interface CheckpointCell {
  checkpoint: string;
  state: CellState;
  expected?: string;
  found?: string;
}

export interface StepCell {
  lab: string;
  step: string;
  state: CellState;
  /** The first failing checkpoint, for the cell's "expected / found". */
  failing?: { checkpoint: string; title: string; expected: string; found: string };
  checkpoints: CheckpointCell[];
}

export interface LastBuild {
  lab: string;
  file: string;
  outcome: ClassBuild['outcome'];
  imageSize: number | null;
  durationMs: number;
  at: number;
}

export interface MatrixRow {
  member: string;
  name: string;
  joinedAt: number;
  cells: StepCell[];
  passedSteps: number;
  lastBuild?: LastBuild;
  stuck: StuckVerdict;
}

export interface MatrixColumn {
  lab: string;
  labTitle: string;
  step: string;
  title: string;
  checkpoints: Array<{ id: string; title: string }>;
}

export function matrixColumns(labs: readonly MatrixLab[]): MatrixColumn[] {
  return labs.flatMap((lab) => lab.steps.map((s) => ({ lab: lab.id, labTitle: lab.title, step: s.id, title: s.title, checkpoints: s.checkpoints.map((c) => ({ id: c.id, title: c.title })) })));
}

/**
 * A step passes when every checkpoint's latest verdict passes, is not tried while none has a
 * verdict, and fails otherwise (a failing verdict, or checks that could not all run).
 */
export function stepCell(lab: string, step: MatrixLab['steps'][number], verdicts: ReadonlyMap<string, VerdictRow>): StepCell {
  const checkpoints: CheckpointCell[] = step.checkpoints.map((c) => {
    const v = verdicts.get(c.id);
    if (!v) return { checkpoint: c.id, state: 'not-tried' };
    return { checkpoint: c.id, state: v.status === 'pass' ? 'passed' : 'failing', expected: v.expected, found: v.found };
  });
  const tried = checkpoints.filter((c) => c.state !== 'not-tried');
  const state: CellState = tried.length === 0 ? 'not-tried' : checkpoints.every((c) => c.state === 'passed') ? 'passed' : 'failing';
  const firstFailing = checkpoints.findIndex((c) => c.state === 'failing');
  const cell: StepCell = { lab, step: step.id, state, checkpoints };
  if (firstFailing >= 0) {
    const c = checkpoints[firstFailing]!;
    cell.failing = { checkpoint: c.checkpoint, title: step.checkpoints[firstFailing]!.title, expected: c.expected!, found: c.found! };
  }
  return cell;
}

const key = (lab: string, step: string) => `${lab}\u0000${step}`;

export function matrixRow(
  labs: readonly MatrixLab[],
  member: Member,
  verdicts: readonly VerdictRow[],
  builds: readonly ClassBuild[],
  now: number,
  settings: StuckSettings,
): MatrixRow {
  const byStep = new Map<string, Map<string, VerdictRow>>();
  for (const v of verdicts) {
    const k = key(v.lab, v.step);
    if (!byStep.has(k)) byStep.set(k, new Map());
    byStep.get(k)!.set(v.checkpoint, v);
  }
  const cells = labs.flatMap((lab) => lab.steps.map((s) => stepCell(lab.id, s, byStep.get(key(lab.id, s.id)) ?? new Map())));
  const passedSteps = cells.filter((c) => c.state === 'passed').length;
  const ofLabs = builds.filter((b) => labs.some((l) => l.id === b.lab));
  const newest = ofLabs.reduce<ClassBuild | undefined>((a, b) => (!a || b.at > a.at ? b : a), undefined);
  const row: MatrixRow = {
    member: member.member,
    name: member.name,
    joinedAt: member.joinedAt,
    cells,
    passedSteps,
    stuck: stuckVerdict({ builds: ofLabs, joinedAt: member.joinedAt, finished: cells.length > 0 && passedSteps === cells.length, now }, settings),
  };
  if (newest) row.lastBuild = { lab: newest.lab, file: newest.file, outcome: newest.outcome, imageSize: newest.imageSize, durationMs: newest.durationMs, at: newest.at };
  return row;
}

/** Rows of all members, in the order they joined. */
export function matrixRows(
  labs: readonly MatrixLab[],
  members: readonly Member[],
  verdicts: ReadonlyArray<VerdictRow & { learner: string }>,
  builds: ReadonlyArray<ClassBuild & { learner: string }>,
  now: number,
  settings: StuckSettings,
): MatrixRow[] {
  const group = <T extends { learner: string }>(items: readonly T[]) => {
    const map = new Map<string, T[]>();
    for (const item of items) (map.get(item.learner) ?? map.set(item.learner, []).get(item.learner)!).push(item);
    return map;
  };
  const v = group(verdicts);
  const b = group(builds);
  return members.map((m) => matrixRow(labs, m, v.get(m.learner) ?? [], b.get(m.learner) ?? [], now, settings));
}
