// One self-check store per process, in the progress database.
import { processSingleton } from '../process-singleton.ts';
import { progressStore } from '../progress/shared.ts';
import { SelfCheckStore } from './self-check-store.ts';

export function selfCheckStore(): SelfCheckStore {
  return processSingleton('self-check-store', () => new SelfCheckStore(progressStore().database()));
}
