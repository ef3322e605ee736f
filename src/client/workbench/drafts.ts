// The learner's drafts and last results, kept in this browser so a reload loses nothing.
export interface StoredResult {
  imageSize: number;
  durationMs: number;
  stages: number;
}

const key = (lab: string, file: string, what: 'draft' | 'result') => `mslab:${lab}:${file}:${what}`;

function read(k: string): string | null {
  try {
    return localStorage.getItem(k);
  } catch {
    return null; // storage disabled: the lab still works, it just forgets on reload
  }
}

function write(k: string, value: string): void {
  try {
    localStorage.setItem(k, value);
  } catch {
    // quota or privacy mode; nothing else to do
  }
}

export const loadDraft = (lab: string, file: string): string | null => read(key(lab, file, 'draft'));
export const saveDraft = (lab: string, file: string, text: string): void => write(key(lab, file, 'draft'), text);

export function loadResult(lab: string, file: string): StoredResult | null {
  const raw = read(key(lab, file, 'result'));
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Partial<StoredResult>;
    return typeof value.imageSize === 'number' && typeof value.durationMs === 'number' && typeof value.stages === 'number'
      ? { imageSize: value.imageSize, durationMs: value.durationMs, stages: value.stages }
      : null;
  } catch {
    return null;
  }
}

export const saveResult = (lab: string, file: string, result: StoredResult): void => write(key(lab, file, 'result'), JSON.stringify(result));
