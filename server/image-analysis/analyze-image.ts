// One image, looked inside: its history tied to the Dockerfile, every path of every layer
// (read from `docker save` as it streams), wasted space and the stages graph. The figures the
// page shows must be the engine's own: a layer's size is what `docker history` says, and the
// sizes read from the layer's tar are checked against it.
import type Docker from 'dockerode';
import { modelOf } from '../../shared/lint/dockerfile-model.ts';
import type { AnalysisSummary, ImageAnalysis, Layer } from '../../shared/image-analysis/schema.ts';
import { stageGraph, targetStage, traceOfStages, type TraceStep } from '../../shared/image-analysis/stage-graph.ts';
import { historyLines } from './history-lines.ts';
import { imageHistory, type HistoryEntry } from './engine-image.ts';
import { streamImageSave } from './image-save-socket.ts';
import { noChanges, stackLayers } from './layer-stack.ts';
import { readSavedImage, SavedImageFormatError, type SavedImage } from './saved-image-reader.ts';
import { wasteOf } from './waste.ts';

export interface AnalysisInput {
  buildId: string;
  lab: string;
  file: string;
  /** The Dockerfile as the learner wrote it (line numbers are theirs). */
  dockerfile: string;
  target?: string;
  /** The build's steps, as its `step` messages reported them. */
  steps: readonly TraceStep[];
  /** The engine's size figure for the image. */
  imageSize: number;
}

export interface AnalysisOutcome {
  analysis: ImageAnalysis;
  /**
   * Layers whose size read from the tar is not the engine's figure. The engine counts a
   * layer's regular files, and for layers it unpacked itself (an imported or loaded base) its
   * symlinks' targets too; anything else means this reading is wrong.
   */
  sizeMismatches: Array<{ layer: number; history: number; files: number; symlinks: number }>;
}

/** Turns a saved image, its history and the build's facts into the analysis. Pure: unit tests feed it tars. */
export function analyzeSaved(saved: SavedImage, history: readonly HistoryEntry[], input: AnalysisInput, durationMs: () => number): AnalysisOutcome {
  const entries = [...history].reverse(); // oldest first
  const configHistory = saved.config.history ?? [];
  if (configHistory.length !== entries.length) throw new SavedImageFormatError(`the image config has ${configHistory.length} history entries, the engine reports ${entries.length}`);
  const filled = configHistory.filter((h) => !h.empty_layer).length;
  if (filled !== saved.layers.length) throw new SavedImageFormatError(`the image has ${saved.layers.length} layers for ${filled} history entries that should have one`);
  const diffIds = saved.config.rootfs?.diff_ids ?? [];

  const model = modelOf(input.dockerfile);
  const final = model ? ((input.target !== undefined ? targetStage(model, input.target) : undefined) ?? model.stages.length - 1) : 0;
  const trace = model ? traceOfStages(model, input.steps) : undefined;
  const lines = model ? historyLines(model, final, entries.map((e) => e.CreatedBy), trace!.cachedByLine) : entries.map(() => undefined);

  // History entry -> its layer, in order.
  const layerOf: Array<number | undefined> = [];
  let next = 0;
  for (const h of configHistory) layerOf.push(h.empty_layer ? undefined : next++);
  const stacked = stackLayers({
    names: saved.paths.names,
    parents: saved.paths.parents,
    layers: layerOf.flatMap((layer, index) => (layer === undefined ? [] : [{ index, entries: saved.layers[layer]!.entries }])),
  });

  const sizeMismatches: AnalysisOutcome['sizeMismatches'] = [];
  const layers: Layer[] = entries.map((entry, index) => {
    const layer = layerOf[index];
    const read = layer === undefined ? undefined : saved.layers[layer]!;
    if (read && entry.Size !== read.fileBytes && entry.Size !== read.fileBytes + read.symlinkBytes) {
      sizeMismatches.push({ layer: index, history: entry.Size, files: read.fileBytes, symlinks: read.symlinkBytes });
    }
    const instruction = lines[index];
    return {
      index,
      createdBy: entry.CreatedBy,
      empty: layer === undefined,
      size: entry.Size,
      ...(layer !== undefined && diffIds[layer] !== undefined && { digest: diffIds[layer] }),
      base: instruction === undefined,
      ...(instruction && { instruction }),
      changes: stacked.counts.get(index) ?? noChanges(),
    };
  });

  const waste = wasteOf(stacked.tree);
  const stages = stageGraph(input.dockerfile, { ...(input.target !== undefined && { target: input.target }), steps: input.steps }) ?? { stages: [], edges: [], final: 0 };
  const summary: AnalysisSummary = {
    imageSize: input.imageSize,
    layers: saved.layers.length,
    files: stacked.tree.filter((node, i) => i > 0 && node.changes.at(-1)?.change !== 'removed').length,
    wastedBytes: waste.wastedBytes,
    efficiency: waste.efficiency,
    topOffenders: waste.offenders.slice(0, 3).map(({ path, bytes }) => ({ path, bytes })),
    stages: stages.stages.map(({ index, label, status }) => ({ index, label, status })),
    durationMs: durationMs(),
  };
  return {
    analysis: {
      version: 1,
      buildId: input.buildId,
      lab: input.lab,
      file: input.file,
      ...(input.target !== undefined && { target: input.target }),
      at: Date.now(),
      summary,
      layers,
      tree: stacked.tree,
      waste,
      stages,
    },
    sizeMismatches,
  };
}

/**
 * Streams the image out of the engine and analyses it on the way. The signal (the build's,
 * with the analysis's own time budget) stops the engine calls and the stream at any point.
 */
export async function analyzeImage(docker: Docker, imageId: string, input: AnalysisInput, options: { signal: AbortSignal; maxPaths: number }): Promise<AnalysisOutcome> {
  const started = performance.now();
  const [history, saved] = await Promise.all([
    imageHistory(docker, imageId, options.signal),
    readSavedImage((sink) => streamImageSave(docker, imageId, options.signal, sink), options),
  ]);
  return analyzeSaved(saved, history, input, () => Math.round(performance.now() - started));
}
