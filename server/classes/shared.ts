// One class store and class feed per process, on the progress database.
import { config } from '../config.ts';
import { processSingleton } from '../process-singleton.ts';
import type { ProgressStore } from '../progress/progress-store.ts';
import { progressStore } from '../progress/shared.ts';
import { ClassFeed } from './class-feed.ts';
import { ClassStore } from './class-store.ts';

/** The class store on a progress store's database (tests and tools open their own progress store). */
const stores = new WeakMap<ProgressStore, ClassStore>();
export function classStoreOf(progress: ProgressStore): ClassStore {
  let store = stores.get(progress);
  if (!store) stores.set(progress, (store = new ClassStore(progress.database())));
  return store;
}

export function classStore(): ClassStore {
  return processSingleton('class-store', () => classStoreOf(progressStore()));
}

export function classFeed(): ClassFeed {
  return processSingleton('class-feed', () => new ClassFeed(classStore(), config.classes.feedPollMs));
}
