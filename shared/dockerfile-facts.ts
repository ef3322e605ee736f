// What the checkpoints need to know from the Dockerfile text itself: its stages and the
// image the final stage really starts from (following stage names: `FROM builder AS final`
// starts from whatever builder started from).
import { DockerfileParser } from 'dockerfile-ast';

export interface DockerfileFacts {
  stages: number;
  /** The final stage's base image as written (e.g. "node:18-alpine"), undefined without FROM. */
  finalBase: string | undefined;
}

/** "docker.io/library/node:18-alpine" and "node:18-alpine" are the same image. */
export function normalizeImage(reference: string): string {
  let ref = reference.trim().toLowerCase();
  for (const prefix of ['docker.io/library/', 'index.docker.io/library/', 'docker.io/', 'library/']) {
    if (ref.startsWith(prefix)) ref = ref.slice(prefix.length);
  }
  const lastPart = ref.split('/').pop() ?? ref;
  const tagged = lastPart.includes(':') || lastPart.includes('@');
  return tagged || ref === 'scratch' ? ref : `${ref}:latest`;
}

export function dockerfileFacts(text: string): DockerfileFacts {
  const froms = DockerfileParser.parse(text).getFROMs();
  const stageBase = new Map<string, string>();
  let finalBase: string | undefined;
  for (const from of froms) {
    const image = from.getImage() ?? '';
    // A stage built on an earlier stage inherits that stage's base.
    const base = stageBase.get(image.toLowerCase()) ?? image;
    const name = from.getBuildStage();
    if (name) stageBase.set(name.toLowerCase(), base);
    finalBase = base;
  }
  return { stages: froms.length, finalBase };
}
