// The labs of this checkout, loaded once per process; in development, reloaded when a file
// under labs/ changes (server/dev-integration.ts), into the same Map, so whatever holds it (the
// build service, the pages) sees the new definitions without a restart.
import { config } from '../config.ts';
import { processSingleton } from '../process-singleton.ts';
import { loadLabs, type Lab } from './lab-registry.ts';

export function labCatalog(): Promise<Map<string, Lab>> {
  return processSingleton('lab-catalog', () => loadLabs(config.labsDir));
}

/** The last reload's error (a lab.ts that does not validate): pages show it until it is fixed. */
const reloadError = () => processSingleton<{ error?: Error }>('lab-catalog-error', () => ({}));

/** Loads every lab again; on an error, the previous labs stay and the error is kept for the pages. */
export async function reloadLabs(): Promise<Error | undefined> {
  const catalog = await labCatalog();
  try {
    const fresh = await loadLabs(config.labsDir, String(Date.now()));
    catalog.clear();
    for (const [id, lab] of fresh) catalog.set(id, lab);
    delete reloadError().error;
  } catch (error) {
    reloadError().error = error instanceof Error ? error : new Error(String(error));
  }
  return reloadError().error;
}

/** The lab, or an error naming what exists: for site components, so a typo fails the build. */
export async function requireLab(id: string, where: string): Promise<Lab> {
  const { error } = reloadError();
  if (error) throw error;
  const all = await labCatalog();
  const lab = all.get(id);
  if (!lab) throw new Error(`${where}: there is no lab "${id}" (labs: ${[...all.keys()].join(', ')})`);
  return lab;
}
