// One instructor store per process, on the progress database.
import { processSingleton } from '../process-singleton.ts';
import { progressStore } from '../progress/shared.ts';
import { InstructorStore } from './instructor-store.ts';

export function instructorStore(): InstructorStore {
  return processSingleton('instructor-store', () => new InstructorStore(progressStore().database()));
}
