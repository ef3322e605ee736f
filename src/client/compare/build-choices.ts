// Which builds the learner can compare, from their size history: every kept build, newest
// first, and the pair shown by default: the latest whole build of the lab's first buildable
// file (Regular, the baseline) against the latest of the second (Multi-stage).
import type { SizeHistory } from '../../../shared/image-analysis/schema.ts';

export interface BuildChoice {
  buildId: string;
  file: string;
  /** The file's tab label ("Regular"). */
  label: string;
  at: number;
  imageSize: number;
  /** The stage it stopped at (--target), when it did. */
  target?: string | undefined;
}

export interface BuildPair {
  a: string;
  b: string;
}

export function buildChoices(history: SizeHistory): BuildChoice[] {
  return history.files
    .flatMap((f) => f.builds.map((b) => ({ buildId: b.buildId, file: f.file, label: f.label, at: b.at, imageSize: b.imageSize, target: b.target })))
    .sort((x, y) => y.at - x.at || x.buildId.localeCompare(y.buildId));
}

/** Regular against Multi-stage when both were built whole; otherwise the two newest builds, older first; undefined with fewer than two. */
export function defaultPair(history: SizeHistory): BuildPair | undefined {
  const latestWhole = history.files.map((f) => f.builds.filter((b) => b.target === undefined).at(-1)).filter((b) => b !== undefined);
  if (latestWhole.length >= 2) return { a: latestWhole[0]!.buildId, b: latestWhole[1]!.buildId };
  const [newest, older] = buildChoices(history);
  return newest && older ? { a: older.buildId, b: newest.buildId } : undefined;
}

/** The pair still on offer: the learner's choice while both builds are kept, else the default. */
export function keptPair(history: SizeHistory, chosen: BuildPair | undefined): BuildPair | undefined {
  const ids = new Set(buildChoices(history).map((c) => c.buildId));
  return chosen && ids.has(chosen.a) && ids.has(chosen.b) && chosen.a !== chosen.b ? chosen : defaultPair(history);
}
