// What the build log says about stages and the look inside the image: the stages BuildKit
// skipped (a --target build stops early; a stage nothing needs never runs), read from the
// build's own steps so it shows even when the image could not be looked into; and why there
// is no look inside this time. Pure.
import { stageGraph, type TraceStep } from '../../../shared/image-analysis/stage-graph.ts';
import type { AnalysisMessage } from '../../../shared/protocol/messages.ts';
import { fill } from '../format.ts';

type Strings = typeof import('../../strings.ts').strings.workbench.image;

/** The stages of `dockerfile` that none of the build's steps belonged to, as BuildKit labels them. */
export function skippedStagesLine(dockerfile: string, steps: readonly TraceStep[], target: string | undefined, s: Strings): string | undefined {
  const graph = stageGraph(dockerfile, { steps, ...(target !== undefined && { target }) });
  if (!graph || graph.stages.length < 2) return undefined;
  const skipped = graph.stages.filter((st) => st.status === 'skipped').map((st) => st.label);
  return skipped.length > 0 ? fill(s.skippedLog, { stages: skipped.join(', ') }) : undefined;
}

export function analysisLogLine(message: AnalysisMessage, s: Strings): string | undefined {
  return message.error === undefined ? undefined : fill(s.analysisFailed, { reason: message.error });
}
