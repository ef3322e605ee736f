// What the checkpoints need to know from the Dockerfile text itself: its stages and the
// image the final stage really starts from (following stage names: `FROM builder AS final`
// starts from whatever builder started from; global ARGs filled in).
import { modelOf } from './lint/dockerfile-model.ts';

export { normalizeImage } from './image-reference.ts';

export interface DockerfileFacts {
  stages: number;
  /** The final stage's base image as written (e.g. "node:18-alpine"), undefined without FROM. */
  finalBase: string | undefined;
}

export function dockerfileFacts(text: string): DockerfileFacts {
  const model = modelOf(text);
  if (!model) return { stages: 0, finalBase: undefined };
  // A stage built on an earlier stage inherits that stage's base; global ARG defaults fill in `node:${V}-alpine`.
  let stage = model.final;
  while (stage.parent !== undefined) stage = model.stages[stage.parent]!;
  return { stages: model.stages.length, finalBase: model.expand(stage.written?.image ?? '') };
}
