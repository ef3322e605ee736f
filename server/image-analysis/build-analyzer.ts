// The analysis as a phase of a build: after the image exists and before it is removed, on
// the build's engine slot, bounded by the build's signal and its own time budget. It records
// the build in the size history, announces a summary in the build's journal, keeps the whole
// analysis for the page, and hands it to the checkpoints. It never fails a build: without an
// analysis the page is told why and the checks ask the engine.
import type { Logger } from 'pino';
import type { ImageAnalysis } from '../../shared/image-analysis/schema.ts';
import type { TraceStep } from '../../shared/image-analysis/stage-graph.ts';
import type { BuildEvent, BuildMessage } from '../../shared/protocol/messages.ts';
import type { Engine } from '../engine/engine-pool.ts';
import type { AnalysisCache } from './analysis-cache.ts';
import { analyzeImage } from './analyze-image.ts';
import type { ImageBuildsStore } from './image-builds-store.ts';
import { TooManyPathsError } from './path-table.ts';

export interface BuildToAnalyze {
  buildId: string;
  learner: string;
  lab: string;
  file: string;
  /** As the learner wrote it. */
  dockerfile: string;
  target?: string;
  imageId: string;
  imageSize: number;
  steps: readonly TraceStep[];
}

/** A build's steps from its journal: what BuildKit ran, took from its cache, or skipped. */
export const stepsOf = (messages: readonly BuildMessage[]): TraceStep[] =>
  messages.flatMap((m) => (m.type === 'step' ? [{ id: m.id, name: m.name, status: m.status }] : []));

export interface BuildAnalyzerDeps {
  cache: AnalysisCache;
  store: ImageBuildsStore;
  settings: { analysisSeconds: number; analysisMaxPaths: number };
  log: Pick<Logger, 'warn' | 'error'>;
}

export class BuildAnalyzer {
  private readonly deps: BuildAnalyzerDeps;

  constructor(deps: BuildAnalyzerDeps) {
    this.deps = deps;
  }

  /** Resolves with the analysis, or undefined (the page has been told why, unless the build itself was stopped). */
  async analyze(engine: Engine, build: BuildToAnalyze, signal: AbortSignal, emit: (event: BuildEvent) => void): Promise<ImageAnalysis | undefined> {
    const { cache, store, settings, log } = this.deps;
    try {
      store.record({ ...build, at: Date.now() });
    } catch (error) {
      log.error({ err: error, buildId: build.buildId }, 'could not record the build in the size history');
    }
    const budget = AbortSignal.timeout(settings.analysisSeconds * 1000);
    try {
      const { analysis, sizeMismatches } = await analyzeImage(engine.docker, build.imageId, build, { signal: AbortSignal.any([signal, budget]), maxPaths: settings.analysisMaxPaths });
      if (sizeMismatches.length > 0) log.warn({ buildId: build.buildId, sizeMismatches }, 'layer sizes read from the image differ from docker history');
      try {
        store.summarize(build.buildId, analysis.summary);
      } catch (error) {
        log.error({ err: error, buildId: build.buildId }, 'could not store the analysis summary');
      }
      // Kept before it is announced: the page fetches the whole analysis as soon as it hears of it.
      await cache.put(build.learner, analysis);
      emit({ type: 'analysis', summary: analysis.summary });
      return analysis;
    } catch (error) {
      if (signal.aborted) return undefined; // the build was cancelled or ran out of time: it says so itself
      if (budget.aborted) emit({ type: 'analysis', error: `looking inside the image took longer than ${settings.analysisSeconds} s; it is not shown this time` });
      else if (error instanceof TooManyPathsError) emit({ type: 'analysis', error: `${error.message}: too many to show` });
      else {
        log.error({ err: error, buildId: build.buildId, engine: engine.name }, 'image analysis failed');
        emit({ type: 'analysis', error: 'the image could not be looked inside this time; build again to try once more' });
      }
      return undefined;
    }
  }
}
