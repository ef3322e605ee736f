import { offeredPinnedTag } from '../../offered-images.ts';
import { clip } from '../dockerfile-model.ts';
import type { LintRange } from '../lint-types.ts';
import { defineRule, lesson } from '../rule.ts';

/** `alpine`, `alpine:latest`, `localhost:5000/x`: no tag, or latest (a port is not a tag). */
const unpinned = (image: string) => {
  const name = image.split('/').at(-1)!;
  return !name.includes(':') || name.endsWith(':latest');
};

/** A pinned tag of the same image to suggest: one offered here, else a placeholder. */
function pinned(image: string): string {
  const name = image.replace(/:latest$/i, '');
  return offeredPinnedTag(name) ?? `${clip(name)}:<version>`;
}

/** `FROM alpine` or `FROM alpine:latest`: a different image next month. */
export default defineRule({
  id: 'unpinned-base',
  severity: 'warning',
  docs: lesson('also-pin-your-bases'),
  *check({ stages }) {
    for (const { written, parent } of stages) {
      if (parent !== undefined || !written || written.image.toLowerCase() === 'scratch' || written.image.includes('@')) continue;
      if (unpinned(written.image)) yield { range: written.range, image: written.image };
    }
  },
  message: ({ image }: { range: LintRange; image: string }) =>
    `${clip(image)}${image.includes(':') ? '' : ' (that is, :latest)'} changes under you: the same Dockerfile builds a different image next month. Pin a version, such as ${pinned(image)}.`,
});
