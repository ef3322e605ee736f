// The analysis of small synthetic saved images: the tree of every layer, whiteouts and opaque
// folders, folder sums, layer sizes against history, wasted space as dive counts it, offenders
// grouped by folder, and history entries tied to Dockerfile lines.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { pathOf, isPresent, sizesAt } from '../../shared/image-analysis/tree.ts';
import type { ImageAnalysis } from '../../shared/image-analysis/schema.ts';
import { analyzeSaved, type AnalysisInput } from './analyze-image.ts';
import { TooManyPathsError } from './path-table.ts';
import { readSavedImage, SavedImageFormatError, streamSource } from './saved-image-reader.ts';
import { syntheticImage, type HistoryItem } from './synthetic-image.test-support.ts';

const BASE: HistoryItem = {
  createdBy: '',
  layer: [{ name: 'usr/' }, { name: 'usr/bin/' }, { name: 'usr/bin/gcc', size: 5000 }, { name: 'bin', type: 'symlink', linkname: 'usr/bin' }, { name: 'tmp/' }],
  size: 5000 + 'usr/bin'.length, // an imported base: the engine counts its symlinks' targets too
};

async function analyze(items: HistoryItem[], dockerfile: string, extra: Partial<AnalysisInput> = {}, maxPaths = 1000) {
  const image = await syntheticImage(items);
  const saved = await readSavedImage(streamSource(image.stream(), new AbortController().signal), { maxPaths });
  const input: AnalysisInput = { buildId: 'b-1234567', lab: 'lab', file: 'Dockerfile', dockerfile, steps: [], imageSize: 1, ...extra };
  return analyzeSaved(saved, image.history, input, () => 5);
}

const node = (analysis: ImageAnalysis, path: string) => {
  const index = analysis.tree.findIndex((_, i) => pathOf(analysis.tree, i) === path);
  if (index < 0) throw new Error(`no node ${path}`);
  return analysis.tree[index]!;
};

describe('analyzeSaved', () => {
  it('stacks the layers into one tree with each path\'s changes, folder sums and history sizes', async () => {
    const { analysis, sizeMismatches } = await analyze(
      [
        BASE,
        { createdBy: 'WORKDIR /app', layer: [{ name: 'app/' }] },
        { createdBy: 'COPY . . # buildkit', layer: [{ name: 'app/' }, { name: 'app/server.js', size: 300 }, { name: 'app/package.json', size: 50 }] },
        { createdBy: 'ENV NODE_ENV=production' },
        { createdBy: 'RUN /bin/sh -c npm install # buildkit', layer: [{ name: 'app/' }, { name: 'app/package.json', size: 60 }, { name: 'app/node_modules/x/index.js', size: 1000 }] },
        { createdBy: 'CMD ["node" "server.js"]' },
      ],
      'FROM node:18\nWORKDIR /app\nCOPY . .\nENV NODE_ENV=production\nRUN npm install\nCMD ["node", "server.js"]\n',
    );
    expect(sizeMismatches).toEqual([]);
    expect(analysis.layers.map((l) => [l.empty, l.size, l.base, l.instruction?.line])).toEqual([
      [false, 5007, true, undefined],
      [false, 0, false, 2],
      [false, 350, false, 3],
      [true, 0, false, 4],
      [false, 1060, false, 5],
      [true, 0, false, 6],
    ]);
    expect(analysis.layers[4]!.changes).toEqual({ added: { files: 1, bytes: 1000 }, modified: { files: 1, bytes: 60 }, removed: { files: 0, bytes: 0 } });
    expect(node(analysis, '/app/package.json').changes).toEqual([
      { layer: 2, change: 'added', size: 50 },
      { layer: 4, change: 'modified', size: 60 },
    ]);
    // Parents the tar did not list (app/node_modules, app/node_modules/x) exist from that layer on.
    expect(node(analysis, '/app/node_modules/x').changes).toEqual([{ layer: 4, change: 'added', size: 0 }]);
    expect(node(analysis, '/app').size).toBe(60 + 300 + 1000);
    expect(analysis.tree[0]!.size).toBe(5000 + 1360);
    expect(node(analysis, '/bin')).toMatchObject({ kind: 'symlink', link: 'usr/bin', size: 0 });
    expect(analysis.summary).toMatchObject({ layers: 4, wastedBytes: 110, topOffenders: [{ path: '/app/package.json', bytes: 110 }] });
    // The state at a layer: before npm install, package.json was 50 bytes and node_modules absent.
    const before = sizesAt(analysis.tree, 2);
    expect(before[analysis.tree.indexOf(node(analysis, '/app'))]).toBe(350);
    expect(isPresent(node(analysis, '/app/node_modules'), 2)).toBe(false);
  });

  it('takes away what whiteouts and opaque folders remove, file by file, and counts it as wasted', async () => {
    const { analysis } = await analyze(
      [
        BASE,
        {
          createdBy: 'RUN /bin/sh -c build # buildkit',
          layer: [{ name: 'tmp/cache/' }, { name: 'tmp/cache/a', size: 400 }, { name: 'tmp/cache/b/c', size: 600 }, { name: 'tmp/old/' }, { name: 'tmp/old/keep', size: 10 }, { name: 'tmp/old/gone', size: 20 }],
        },
        // The whiteout comes after a file of the same layer in the tar: removals apply first all the same.
        { createdBy: 'RUN /bin/sh -c clean # buildkit', layer: [{ name: 'tmp/old/new', size: 5 }, { name: 'tmp/old/.wh..wh..opq', size: 0 }, { name: 'tmp/.wh.cache', size: 0 }, { name: 'usr/bin/.wh.gcc' }] },
      ],
      'FROM node:18\nRUN build\nRUN clean\n',
    );
    expect(isPresent(node(analysis, '/tmp/cache'))).toBe(false);
    expect(node(analysis, '/tmp/cache/b/c').changes.map((c) => c.change)).toEqual(['added', 'removed']);
    expect(isPresent(node(analysis, '/tmp/old'))).toBe(true);
    expect(isPresent(node(analysis, '/tmp/old/keep'))).toBe(false);
    expect(isPresent(node(analysis, '/tmp/old/new'))).toBe(true);
    expect(isPresent(node(analysis, '/usr/bin/gcc'))).toBe(false);
    expect(analysis.layers[2]!.changes.removed).toEqual({ files: 5, bytes: 400 + 600 + 10 + 20 + 5000 });
    expect(analysis.layers[2]!.changes.added).toEqual({ files: 1, bytes: 5 });
    expect(node(analysis, '/tmp').size).toBe(5);
    // dive: every copy of every file more than one layer touched; efficiency = smallest copies / all copies.
    expect(analysis.waste.wastedBytes).toBe(400 + 600 + 10 + 20 + 5000);
    expect(analysis.waste.efficiency).toBeCloseTo(5 / (5000 + 1030 + 5), 6);
    expect(analysis.waste.offenders.map((o) => [o.path, o.kind, o.files, o.bytes, o.layers])).toEqual([
      ['/usr/bin/gcc', 'file', 1, 5000, [0, 2]],
      ['/tmp/cache', 'dir', 2, 1000, [1, 2]],
      ['/tmp/old/gone', 'file', 1, 20, [1, 2]],
      ['/tmp/old/keep', 'file', 1, 10, [1, 2]],
    ]);
  });

  it('finds a folder copied twice by name, as one offender', async () => {
    const modules = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `app/node_modules/p${i}/index.js`, size: 100 + i }));
    const { analysis } = await analyze(
      [BASE, { createdBy: 'COPY /app ./ # buildkit', layer: [{ name: 'app/server.js', size: 7 }, ...modules(30)] }, { createdBy: 'COPY /app/node_modules ./node_modules # buildkit', layer: modules(30) }],
      'FROM node:18 AS builder\nFROM node:18-alpine\nCOPY --from=builder /app ./\nCOPY --from=builder /app/node_modules ./node_modules\n',
    );
    const bytes = 2 * modules(30).reduce((n, f) => n + f.size, 0);
    expect(analysis.waste.offenders[0]).toEqual({ path: '/app/node_modules', kind: 'dir', files: 30, bytes, layers: [1, 2] });
    expect(analysis.waste.wastedFiles).toBe(30);
    expect(analysis.layers[2]!.instruction).toMatchObject({ stage: 1, line: 4, text: 'COPY --from=builder /app/node_modules ./node_modules' });
  });

  it('reports layers whose tar sizes are not what docker history says', async () => {
    const { sizeMismatches } = await analyze([{ ...BASE, size: 1 }], 'FROM node:18\n');
    expect(sizeMismatches).toEqual([{ layer: 0, history: 1, files: 5000, symlinks: 7 }]);
  });

  it('stops at the path limit, and refuses a saved image without its manifest', async () => {
    await expect(analyze([BASE], 'FROM node:18\n', {}, 4)).rejects.toBeInstanceOf(TooManyPathsError);
    const { Readable } = await import('node:stream');
    const tar = (await import('tar-stream')).default;
    const pack = tar.pack();
    pack.entry({ name: 'repositories' }, '{}');
    pack.finalize();
    await expect(readSavedImage(streamSource(Readable.from(pack as unknown as AsyncIterable<Buffer>), new AbortController().signal), { maxPaths: 10 })).rejects.toBeInstanceOf(SavedImageFormatError);
  });

  it('stops reading when the signal aborts', async () => {
    const image = await syntheticImage([BASE]);
    const controller = new AbortController();
    controller.abort(new Error('cancelled'));
    await expect(readSavedImage(streamSource(image.stream(), controller.signal), { maxPaths: 100 })).rejects.toThrow();
  });

  it('an abort at any point of the stream ends the read with an error, never an uncaught one', async () => {
    const image = await syntheticImage([BASE, { createdBy: 'RUN x', layer: [{ name: 'app/' }, { name: 'app/a.js', size: 3000 }], size: 3000 }]);
    const chunks: Buffer[] = [];
    for await (const chunk of image.stream() as AsyncIterable<Buffer>) chunks.push(chunk);
    const whole = Buffer.concat(chunks);
    // Small pieces, one per tick, so the abort lands inside layers, JSON files and other entries.
    const pieces = Array.from({ length: Math.ceil(whole.length / 512) }, (_, i) => whole.subarray(i * 512, (i + 1) * 512));
    for (let at = 1; at < pieces.length; at += 2) {
      const controller = new AbortController();
      const slow = Readable.from(
        (async function* () {
          for (const [i, piece] of pieces.entries()) {
            if (i === at) controller.abort(new Error('cancelled'));
            await new Promise((resolve) => setImmediate(resolve));
            yield piece;
          }
        })(),
      );
      await expect(readSavedImage(streamSource(slow, controller.signal), { maxPaths: 100 })).rejects.toThrow();
    }
  });
});
