// The base images a learner build can use: those of the catalogue (labs/base-images.ts, read
// through shared/base-images.ts), which `prepare` builds or pulls into every sandbox engine,
// and `scratch`, the empty image. No container registry is reachable from the sandbox, so the
// lint refuses any other image before a build starts (shared/lint/rules/image-not-offered.ts).
import { baseImages, baseImageTags } from './base-images.ts';
import { normalizeImage } from './dockerfile-facts.ts';

let offered: Set<string> | undefined;

/** True for an image a build here can start from or copy from (any spelling of its name). */
export const isOfferedImage = (reference: string): boolean =>
  (offered ??= new Set([...baseImageTags().map(normalizeImage), 'scratch'])).has(normalizeImage(reference));

/** "node:18, node:18-alpine, alpine, golang:1.19 and scratch", for messages. */
export const offeredImagesText = (): string => `${baseImages()
  .map((image) => image.name)
  .join(', ')} and scratch`;

/** A pinned name of an offered image, e.g. "alpine:3" for "alpine" (for suggestions). */
export const offeredPinnedTag = (name: string): string | undefined =>
  baseImageTags().find((tag) => tag.startsWith(`${name.toLowerCase()}:`) && !tag.endsWith(':latest'));
