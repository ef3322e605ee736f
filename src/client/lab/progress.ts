// The learner's progress on the page, per lab: loaded from the server (retried with back-off
// until it arrives: a failed first try must not open the editor on the starter and overwrite
// the saved draft), updated by each build's verdicts, watched by the lesson's step sections
// and the workbench alike. Several labs on one page each have their own stores.
import { atom, map, type MapStore, type WritableAtom } from 'nanostores';
import type { Verdict } from '../../../shared/checkpoint-schema.ts';
import type { LabProgress } from '../../../server/progress/progress-store.ts';
import type { LabView } from '../../lab-view.ts';

export type StepVerdicts = Record<string, Verdict>;

export type PageProgress = LabProgress;

export interface LabStores {
  /** step id -> checkpoint id -> latest verdict */
  verdicts: MapStore<Record<string, StepVerdicts>>;
  /** The step the learner is working on. */
  currentStep: WritableAtom<string | undefined>;
  /** Failed tries to load the progress so far (0 once it arrived). */
  loadFailures: WritableAtom<number>;
}

const stores = new Map<string, LabStores>();
const loads = new Map<string, Promise<PageProgress>>();

export function labStores(lab: string): LabStores {
  let found = stores.get(lab);
  if (!found) {
    found = { verdicts: map({}), currentStep: atom(undefined), loadFailures: atom(0) };
    stores.set(lab, found);
  }
  return found;
}

const RETRY_FIRST_MS = 500;
const RETRY_LONGEST_MS = 15_000;
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function fetchProgress(lab: string): Promise<PageProgress> {
  const { loadFailures } = labStores(lab);
  for (let delay = RETRY_FIRST_MS; ; delay = Math.min(delay * 2, RETRY_LONGEST_MS)) {
    try {
      const res = await fetch(`/api/labs/${encodeURIComponent(lab)}/progress`, { credentials: 'same-origin', cache: 'no-store' });
      if (!res.ok) throw new Error(`progress: HTTP ${res.status}`);
      const progress = (await res.json()) as PageProgress;
      loadFailures.set(0);
      applyVerdicts(lab, Object.entries(progress.verdicts).map(([step, verdicts]) => ({ step, checkpoints: Object.values(verdicts) })));
      return progress;
    } catch {
      loadFailures.set(loadFailures.get() + 1);
      await wait(delay);
    }
  }
}

/** The progress, fetched once per page (and lab); also gives this browser its learner cookie. */
export function loadProgress(lab: string): Promise<PageProgress> {
  let loading = loads.get(lab);
  if (!loading) {
    loading = fetchProgress(lab);
    loads.set(lab, loading);
  }
  return loading;
}

/** Fetches the progress again: after a build the page could not follow to its end. */
export function reloadProgress(lab: string): Promise<PageProgress> {
  const loading = fetchProgress(lab);
  loads.set(lab, loading);
  return loading;
}

export function applyVerdicts(lab: string, steps: ReadonlyArray<{ step: string; checkpoints: readonly Verdict[] }>): void {
  const { verdicts } = labStores(lab);
  for (const { step, checkpoints } of steps) {
    verdicts.setKey(step, Object.fromEntries(checkpoints.map((v) => [v.id, v])));
  }
}

export type StepState = 'passed' | 'failing' | 'unchecked';

export function stepState(step: LabView['steps'][number], verdicts: Record<string, StepVerdicts>): StepState {
  const got = verdicts[step.id];
  if (!got) return 'unchecked';
  const statuses = step.checkpoints.map((c) => got[c.id]?.status);
  if (statuses.every((status) => status === 'pass')) return 'passed';
  // A `skipped` verdict (a --target build could not answer it) is no failure.
  return statuses.some((status) => status !== 'pass' && status !== 'skipped') ? 'failing' : 'unchecked';
}

/** The first step not yet passed (the last one when all are). */
export function firstOpenStep(lab: LabView, verdicts: Record<string, StepVerdicts>): string | undefined {
  return (lab.steps.find((s) => stepState(s, verdicts) !== 'passed') ?? lab.steps.at(-1))?.id;
}
