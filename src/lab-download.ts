// A lab's app as a download, for trying the lesson on your own Docker: the build context's
// files in a .tar.gz under a folder named after the lab. The course's .npmrc points npm at
// the sandbox's mirror, which does not exist outside it, so the download's .npmrc has that
// line taken out (npm then uses its default registry); the rest of the app is as the lab has it.
import { buffer } from 'node:stream/consumers';
import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';
import type { Lab } from '../server/labs/lab-registry.ts';

const MIRROR_NOTE = '# The course sandbox set registry= here, to its own package mirror. Without it, npm uses its default registry.';

/** The .npmrc a learner can use at home: every `registry=` setting replaced by a note. */
export const npmrcForHome = (text: string): string =>
  text
    .split('\n')
    .map((line) => (/^\s*(@[^:]+:)?registry\s*=/.test(line) ? MIRROR_NOTE : line))
    .join('\n');

export const downloadName = (labId: string) => `${labId}-app.tar.gz`;

export async function labAppArchive(lab: Lab): Promise<Buffer> {
  const tar = pack();
  const archive = buffer(tar);
  // A fixed date, so the same app gives the same bytes on every site build.
  const mtime = new Date('2024-01-01T00:00:00Z');
  for (const file of [...lab.contextFiles].sort((a, b) => a.name.localeCompare(b.name))) {
    const content = file.name === '.npmrc' ? Buffer.from(npmrcForHome(file.content.toString('utf8'))) : file.content;
    tar.entry({ name: `${lab.id}/${file.name}`, mode: file.mode & 0o777, mtime }, content);
  }
  tar.finalize();
  return gzipSync(await archive);
}
