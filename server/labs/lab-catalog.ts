// The labs of this checkout, loaded once per process; in development, reloaded when a file
// under labs/ changes (server/dev-integration.ts), into the same Map, so whatever holds it (the
// build service, the pages) sees the new definitions without a restart.
import { config } from '../config.ts';
import { processSingleton } from '../process-singleton.ts';
import { labIds, loadLab, loadLabs, type Lab } from './lab-registry.ts';

export function labCatalog(): Promise<Map<string, Lab>> {
  return processSingleton('lab-catalog', () => loadLabs(config.labsDir));
}

/** The last reload's error per lab (a lab.ts that does not validate): its page shows it until it is fixed. */
const reloadErrors = () => processSingleton('lab-catalog-errors', () => new Map<string, Error>());

/** Numbers the reloads: each imports lab.ts files under a new URL, even two within a millisecond. */
let reloads = 0;

/**
 * Loads every lab again, each on its own: a lab that fails keeps its previous version and its
 * error is kept for its page, while the others take their changes. Returns the errors.
 */
export async function reloadLabs(): Promise<Error[]> {
  const catalog = await labCatalog();
  const ids = labIds(config.labsDir);
  const version = `${Date.now()}-${++reloads}`;
  const loaded = await Promise.allSettled(ids.map((id) => loadLab(config.labsDir, id, version)));
  const errors = reloadErrors();
  errors.clear();
  loaded.forEach((result, i) => {
    if (result.status === 'fulfilled') catalog.set(ids[i]!, result.value);
    else errors.set(ids[i]!, result.reason instanceof Error ? result.reason : new Error(String(result.reason)));
  });
  for (const id of catalog.keys()) if (!ids.includes(id)) catalog.delete(id);
  return [...errors.values()];
}

/** Why the lab's last reload failed (development only), or undefined. */
export const labReloadError = (id: string): Error | undefined => reloadErrors().get(id);

/**
 * The lab (its last version that loaded), or an error naming what exists: for site components,
 * so a typo fails the build. A lab that never loaded fails with its own error.
 */
export async function requireLab(id: string, where: string): Promise<Lab> {
  const all = await labCatalog();
  const lab = all.get(id);
  if (lab) return lab;
  throw labReloadError(id) ?? new Error(`${where}: there is no lab "${id}" (labs: ${[...all.keys()].join(', ')})`);
}
