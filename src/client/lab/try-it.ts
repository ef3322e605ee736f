// "Try it" requests between a lesson's Dockerfile blocks and the workbench of their lab: the
// button puts the example here and brings the workbench into view (which loads it); the
// workbench takes the request once its editor is up. A block whose lab is on another page
// leaves its example in sessionStorage and goes there; that page picks it up.
import { atom, type WritableAtom } from 'nanostores';

export interface TryRequest {
  example: string;
}

const requests = new Map<string, WritableAtom<TryRequest | undefined>>();

export function tryRequests(lab: string): WritableAtom<TryRequest | undefined> {
  let found = requests.get(lab);
  if (!found) requests.set(lab, (found = atom<TryRequest | undefined>(undefined)));
  return found;
}

const carriedKey = (lab: string) => `mslab:try:${lab}`;

type SessionStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** Keeps the example for the lab's page, which the learner is sent to next. */
export function carryToLabPage(storage: SessionStore, lab: string, example: string): void {
  storage.setItem(carriedKey(lab), example);
}

/** The example carried from another page for this lab, taken once. */
export function takeCarried(storage: SessionStore, lab: string): string | undefined {
  const example = storage.getItem(carriedKey(lab)) ?? undefined;
  storage.removeItem(carriedKey(lab));
  return example;
}
