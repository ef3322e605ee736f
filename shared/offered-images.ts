// The base images a learner build can use. No container registry is reachable from the
// sandbox, so these are all there is: the stand-ins `prepare` builds under the chapter's names
// (server/infra/stand-in-images.ts tags them from this list) and `scratch`, the empty image.
// The lint refuses any other image before a build starts (shared/lint/rules/image-not-offered.ts).
import { normalizeImage } from './dockerfile-facts.ts';

export const NODE_VERSION = '18.20.8';

/** Tags per stand-in image; the first is the canonical name, the others are aliases. */
export const STAND_IN_TAGS = {
  node: ['node:18', `node:${NODE_VERSION}`],
  nodeAlpine: ['node:18-alpine', `node:${NODE_VERSION}-alpine`],
  alpine: ['alpine', 'alpine:latest', 'alpine:3'],
  golang: ['golang:1.19'],
} as const satisfies Record<string, readonly [string, ...string[]]>;

const offered = new Set([...Object.values(STAND_IN_TAGS).flat().map(normalizeImage), 'scratch']);

/** True for an image a build here can start from or copy from (any spelling of its name). */
export const isOfferedImage = (reference: string): boolean => offered.has(normalizeImage(reference));

/** "node:18, node:18-alpine, alpine, golang:1.19 and scratch", for messages. */
export const OFFERED_IMAGES_TEXT = `${Object.values(STAND_IN_TAGS)
  .map((tags) => tags[0])
  .join(', ')} and scratch`;
