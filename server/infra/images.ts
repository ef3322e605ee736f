// Image helpers shared by the infrastructure steps: import a folder as an image, and tell
// whether an existing image was made from the current recipe.
import crypto from 'node:crypto';
import { run, succeeds } from './shell.ts';

export const RECIPE_LABEL = 'lab.multistage.recipe';

export const recipeHash = (recipe: string): string => crypto.createHash('sha256').update(recipe).digest('hex').slice(0, 12);

/** The value of a label on a local image, or undefined when there is no such image. */
export async function imageLabel(tag: string, label: string): Promise<string | undefined> {
  if (!(await succeeds(`docker image inspect ${tag}`))) return undefined;
  return run(`docker image inspect --format '{{ index .Config.Labels "${label}" }}' ${tag}`);
}

/** Imports a root filesystem folder as an image, with Dockerfile changes (ENV, CMD, LABEL...). */
export async function importRootfs(dir: string, tag: string, changes: readonly string[]): Promise<void> {
  const flags = changes.map((c) => `-c ${JSON.stringify(c)}`).join(' ');
  await run(`tar --numeric-owner -C ${dir} -c . | docker import ${flags} - ${tag}`);
}
