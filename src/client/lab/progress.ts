// The learner's progress on the page: loaded from the server once, updated by each build's
// verdicts, watched by the lesson's step sections and the workbench alike.
import { atom, map } from 'nanostores';
import type { Verdict } from '../../../shared/checkpoint-schema.ts';
import type { LabProgress } from '../../../server/progress/progress-store.ts';
import type { LabView } from '../../lab-view.ts';

export type StepVerdicts = Record<string, Verdict>;

/** step id -> checkpoint id -> latest verdict */
export const $verdicts = map<Record<string, StepVerdicts>>({});
/** The step the learner is working on. */
export const $currentStep = atom<string | undefined>(undefined);

let loading: Promise<LabProgress> | undefined;

/** Fetches the progress once per page; also gives this browser its learner cookie. */
export function loadProgress(lab: string): Promise<LabProgress> {
  loading ??= fetch(`/api/labs/${encodeURIComponent(lab)}/progress`, { credentials: 'same-origin', cache: 'no-store' })
    .then((res) => (res.ok ? (res.json() as Promise<LabProgress>) : Promise.reject(new Error(`progress: HTTP ${res.status}`))))
    .then((progress) => {
      for (const [step, verdicts] of Object.entries(progress.verdicts)) $verdicts.setKey(step, verdicts);
      return progress;
    });
  return loading;
}

export function applyVerdicts(steps: ReadonlyArray<{ step: string; checkpoints: readonly Verdict[] }>): void {
  for (const { step, checkpoints } of steps) {
    $verdicts.setKey(step, Object.fromEntries(checkpoints.map((v) => [v.id, v])));
  }
}

export type StepState = 'passed' | 'failing' | 'unchecked';

export function stepState(step: LabView['steps'][number], verdicts: Record<string, StepVerdicts>): StepState {
  const got = verdicts[step.id];
  if (!got) return 'unchecked';
  return step.checkpoints.every((c) => got[c.id]?.status === 'pass') ? 'passed' : 'failing';
}

/** The first step not yet passed (the last one when all are). */
export function firstOpenStep(lab: LabView, verdicts: Record<string, StepVerdicts>): string | undefined {
  return (lab.steps.find((s) => stepState(s, verdicts) !== 'passed') ?? lab.steps.at(-1))?.id;
}

export async function saveDraft(lab: string, file: string, text: string): Promise<void> {
  await fetch(`/api/labs/${encodeURIComponent(lab)}/drafts/${encodeURIComponent(file)}`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ text }),
    credentials: 'same-origin',
    keepalive: true, // still sent when the page is closing
  });
}

export async function forgetDraft(lab: string, file: string): Promise<void> {
  await fetch(`/api/labs/${encodeURIComponent(lab)}/drafts/${encodeURIComponent(file)}`, { method: 'DELETE', credentials: 'same-origin' });
}
