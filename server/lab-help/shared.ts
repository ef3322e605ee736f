// One help store per process, in the progress database.
import { processSingleton } from '../process-singleton.ts';
import { progressStore } from '../progress/shared.ts';
import { HelpStore } from './help-store.ts';

export function helpStore(): HelpStore {
  return processSingleton('help-store', () => new HelpStore(progressStore().database()));
}
