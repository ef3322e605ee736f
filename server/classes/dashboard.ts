// The dashboard of one class, assembled from the store and the lab definitions: its columns
// (the steps of the class's labs) and a row per member.
import { config } from '../config.ts';
import type { Lab } from '../labs/lab-registry.ts';
import { matrixColumns, matrixRow, matrixRows, type MatrixColumn, type MatrixLab, type MatrixRow } from './class-matrix.ts';
import type { ClassInfo, ClassStore, Member } from './class-store.ts';
import type { StuckSettings } from './stuck-rule.ts';

export interface Dashboard {
  columns: MatrixColumn[];
  rows: MatrixRow[];
}

export const stuckSettings = (): StuckSettings => ({ failedBuilds: config.classes.stuckFailedBuilds, quietMs: config.classes.stuckMinutes * 60_000 });

/** The class's labs that exist (a lab removed from labs/ since is left out). */
export function matrixLabs(info: ClassInfo, labs: ReadonlyMap<string, Lab>): MatrixLab[] {
  return info.labs.flatMap((id) => {
    const lab = labs.get(id);
    return lab ? [{ id, title: lab.definition.title, steps: lab.definition.steps }] : [];
  });
}

export function dashboard(store: ClassStore, info: ClassInfo, labs: ReadonlyMap<string, Lab>, now = Date.now()): Dashboard {
  const ofClass = matrixLabs(info, labs);
  return { columns: matrixColumns(ofClass), rows: matrixRows(ofClass, store.members(info.id), store.verdicts(info.id), store.builds(info.id), now, stuckSettings()) };
}

export function dashboardRow(store: ClassStore, info: ClassInfo, member: Member, labs: ReadonlyMap<string, Lab>, now = Date.now()): MatrixRow {
  return matrixRow(matrixLabs(info, labs), member, store.verdicts(info.id, member.learner), store.builds(info.id, member.learner), now, stuckSettings());
}
