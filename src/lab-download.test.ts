import { gunzipSync } from 'node:zlib';
import { extract } from 'tar-stream';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { config } from '../server/config.ts';
import { loadLab } from '../server/labs/lab-registry.ts';
import { labAppArchive, npmrcForHome } from './lab-download.ts';

async function entries(archive: Buffer): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const tar = extract();
  Readable.from([gunzipSync(archive)]).pipe(tar);
  for await (const entry of tar) files.set(entry.header.name, (await buffer(entry)).toString('utf8'));
  return files;
}

describe('the app download', () => {
  it('takes the mirror out of .npmrc and keeps the other settings', () => {
    expect(npmrcForHome('registry=http://registry.lab.internal:4873/\nfund=false\n@acme:registry=http://x/\n')).toBe(
      '# The course sandbox set registry= here, to its own package mirror. Without it, npm uses its default registry.\nfund=false\n# The course sandbox set registry= here, to its own package mirror. Without it, npm uses its default registry.\n',
    );
  });

  it('holds every file of the node lab\'s app under multistage-node/, the same on every build', async () => {
    const lab = await loadLab(config.labsDir, 'multistage-node');
    const archive = await labAppArchive(lab);
    const files = await entries(archive);
    expect([...files.keys()].sort()).toEqual(lab.contextFiles.map((f) => `multistage-node/${f.name}`).sort());
    expect(files.get('multistage-node/server.js')).toContain("app.listen(port");
    expect(files.get('multistage-node/.npmrc')).not.toMatch(/^registry=/m);
    expect(files.get('multistage-node/.npmrc')).toContain('fund=false');
    expect((await labAppArchive(lab)).equals(archive)).toBe(true);
  });
});
