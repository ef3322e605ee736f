import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { precompress } from './precompressed-assets.ts';

describe('precompress', () => {
  it('writes .br and .gz beside text files that decompress to the original, and leaves small and binary files alone', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mslab-precompress-'));
    fs.mkdirSync(path.join(dir, '_astro'));
    const chunk = 'export const x = "a line of JavaScript";\n'.repeat(500);
    fs.writeFileSync(path.join(dir, '_astro', 'editor.abc.js'), chunk);
    fs.writeFileSync(path.join(dir, 'index.html'), `<!doctype html>${'<p>lesson text</p>'.repeat(200)}`);
    fs.writeFileSync(path.join(dir, 'tiny.js'), 'export {};');
    fs.writeFileSync(path.join(dir, 'app.tar.gz'), Buffer.alloc(4096, 7));
    const big = 'export function f(a, b) { return a + b; }\n'.repeat(30_000); // over 1 MiB: a faster quality
    fs.writeFileSync(path.join(dir, '_astro', 'monaco.js'), big);

    expect(await precompress(dir)).toBe(3);
    expect(zlib.brotliDecompressSync(fs.readFileSync(path.join(dir, '_astro', 'monaco.js.br'))).toString()).toBe(big);
    const br = fs.readFileSync(path.join(dir, '_astro', 'editor.abc.js.br'));
    const gz = fs.readFileSync(path.join(dir, '_astro', 'editor.abc.js.gz'));
    expect(zlib.brotliDecompressSync(br).toString()).toBe(chunk);
    expect(zlib.gunzipSync(gz).toString()).toBe(chunk);
    expect(br.length).toBeLessThan(chunk.length / 10);
    expect(fs.existsSync(path.join(dir, 'index.html.br'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'tiny.js.br'))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'app.tar.gz.br'))).toBe(false);
  });
});
