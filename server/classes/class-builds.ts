// A finished build of a learner in a class: kept for the dashboard with the end of its log,
// and announced at once to this process's dashboards (other replicas find it on their next poll).
import type { BuildMessage } from '../../shared/protocol/messages.ts';
import type { BuildSummary } from '../builds/build-service.ts';
import { config } from '../config.ts';
import type { ProgressStore } from '../progress/progress-store.ts';
import { buildLogTail } from './build-log-text.ts';
import { classFeed, classStoreOf } from './shared.ts';

export function recordClassBuild(progress: ProgressStore, learner: string, lab: string, result: BuildSummary, log: readonly BuildMessage[]): void {
  const store = classStoreOf(progress);
  const inClass = store.recordBuild(
    learner,
    { lab, file: result.file, outcome: result.outcome, imageSize: result.imageSize ?? null, durationMs: result.durationMs },
    buildLogTail(log, config.classes.logTailBytes),
    { buildsKept: config.classes.buildsKept },
  );
  if (inClass) classFeed().notify();
}
