// The lab's help as the server allows it (server/lab-help): challenge mode, failed attempts
// per step, revealed hints and what is locked. Hints and solutions are not in the page: they
// are read from the server, which remembers revealed hints per learner. One store per lab,
// shared by the workbench's checklist, its Solution dialog, its challenge toggle and the
// lesson's step sections (goal-only texts in challenge mode).
import { atom, type WritableAtom } from 'nanostores';
import type { LabHelp } from '../../../server/lab-help/lab-help.ts';

export type { LabHelp };
export type Lock = LabHelp['solutions'][string];

const stores = new Map<string, WritableAtom<LabHelp | undefined>>();

/** The lab's help once loaded (undefined before). */
export function labHelpStore(lab: string): WritableAtom<LabHelp | undefined> {
  let found = stores.get(lab);
  if (!found) stores.set(lab, (found = atom<LabHelp | undefined>(undefined)));
  return found;
}

const api = (lab: string, path: string) => `/api/labs/${encodeURIComponent(lab)}/${path}`;

async function send(lab: string, path: string, init: RequestInit): Promise<LabHelp> {
  const res = await fetch(api(lab, path), { credentials: 'same-origin', cache: 'no-store', ...init });
  const body = (await res.json().catch(() => ({}))) as LabHelp & { error?: string };
  if (!res.ok) throw new Error(body.error ?? `HTTP ${res.status}`);
  labHelpStore(lab).set(body);
  return body;
}

const json = (method: string, body: unknown): RequestInit => ({ method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

/** Loads (or reloads, after a build) the lab's help. Needs the learner cookie: call after the progress loaded. */
export const loadHelp = (lab: string): Promise<LabHelp> => send(lab, 'help', {});

export const setChallenge = (lab: string, on: boolean): Promise<LabHelp> => send(lab, 'challenge', json('PUT', { on }));

/** Reveals the checkpoint's next hint; throws with the server's reason when it is locked. */
export const revealHint = (lab: string, step: string, checkpoint: string): Promise<LabHelp> => send(lab, 'hints', json('POST', { step, checkpoint }));

export type SolutionAnswer = { ok: true; text: string } | { ok: false; locked: { failures: number; needed: number } } | { ok: false; error: string };

/** A file's solution, when the server lets the learner read it. */
export async function fetchSolution(lab: string, file: string): Promise<SolutionAnswer> {
  try {
    const res = await fetch(api(lab, `solutions/${encodeURIComponent(file)}`), { credentials: 'same-origin', cache: 'no-store' });
    const body = (await res.json()) as { text?: string; error?: string; failures?: number; needed?: number };
    if (res.ok && typeof body.text === 'string') return { ok: true, text: body.text };
    if (res.status === 403 && body.needed !== undefined) return { ok: false, locked: { failures: body.failures ?? 0, needed: body.needed } };
    return { ok: false, error: body.error ?? `HTTP ${res.status}` };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

export type HintsView = { kind: 'none' } | { kind: 'locked'; failures: number; needed: number } | { kind: 'open'; shown: readonly string[]; total: number; more: boolean };

/** What the checklist shows of a checkpoint's hints. */
export function hintsView(help: LabHelp | undefined, step: string, checkpoint: string): HintsView {
  const hints = help?.hints[`${step}/${checkpoint}`];
  if (!help || !hints || hints.total === 0) return { kind: 'none' };
  const lock = help.steps[step]?.hints;
  // Hints read before challenge mode was turned on stay readable; no more until unlocked.
  if (lock && !lock.unlocked) return hints.shown.length > 0 ? { kind: 'open', shown: hints.shown, total: hints.total, more: false } : { kind: 'locked', failures: lock.failures, needed: lock.needed };
  return { kind: 'open', shown: hints.shown, total: hints.total, more: hints.shown.length < hints.total };
}
