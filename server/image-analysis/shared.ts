// One analysis cache and one image-builds store per process, shared by the build service and
// the HTTP routes (see process-singleton.ts for why a module-level instance would not do).
import { config } from '../config.ts';
import { processSingleton } from '../process-singleton.ts';
import { progressStore } from '../progress/shared.ts';
import { AnalysisCache } from './analysis-cache.ts';
import { ImageBuildsStore } from './image-builds-store.ts';

export function analysisCache(): AnalysisCache {
  return processSingleton('image-analysis-cache', () => new AnalysisCache(config.limits.analysisCacheBytes));
}

export function imageBuildsStore(): ImageBuildsStore {
  return processSingleton('image-builds-store', () => new ImageBuildsStore(progressStore().database()));
}
