// The labs of this checkout, loaded once per process.
import { config } from '../config.ts';
import { processSingleton } from '../process-singleton.ts';
import { loadLabs, type Lab } from './lab-registry.ts';

export function labCatalog(): Promise<Map<string, Lab>> {
  return processSingleton('lab-catalog', () => loadLabs(config.labsDir));
}

/** The lab, or an error naming what exists: for site components, so a typo fails the build. */
export async function requireLab(id: string, where: string): Promise<Lab> {
  const all = await labCatalog();
  const lab = all.get(id);
  if (!lab) throw new Error(`${where}: there is no lab "${id}" (labs: ${[...all.keys()].join(', ')})`);
  return lab;
}
