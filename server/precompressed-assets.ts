// The built site's text files, compressed once at build time: server/main.ts serves them with
// sirv, which sends `<file>.br` or `<file>.gz` to a browser that accepts it but never compresses
// on the fly. Without these files every page and chunk went out uncompressed (the workbench's
// JavaScript 4x its gzip size): on Lighthouse's slow 4G the plain editor took 6 s to arrive.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { AstroIntegration } from 'astro';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** Files worth compressing: text (and the icon font, which is not compressed inside). */
const COMPRESSIBLE = /\.(?:html|js|mjs|css|svg|json|txt|xml|ttf|map)$/;
/** Below this, a compressed copy saves less than a network packet. */
const MIN_BYTES = 1024;
/**
 * Brotli's best quality takes about 5 s per MB here: Monaco's 3.2 MB chunk cost every build
 * 18 s for 9% less (624 against 685 KB at quality 9, 0.7 s). Files above this get quality 9.
 */
const BEST_QUALITY_UP_TO_BYTES = 1024 * 1024;

/** Writes `<file>.br` and `<file>.gz` beside each compressible file under `dir`; returns how many files got them. */
export async function precompress(dir: string): Promise<number> {
  const files = (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((e) => e.isFile() && COMPRESSIBLE.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .filter((file) => fs.statSync(file).size >= MIN_BYTES);
  await Promise.all(
    files.map(async (file) => {
      const data = await fs.promises.readFile(file);
      const [br, gz] = await Promise.all([
        brotli(data, {
          params: {
            [zlib.constants.BROTLI_PARAM_QUALITY]: data.length <= BEST_QUALITY_UP_TO_BYTES ? zlib.constants.BROTLI_MAX_QUALITY : 9,
            [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
          },
        }),
        gzip(data, { level: zlib.constants.Z_BEST_COMPRESSION }),
      ]);
      await Promise.all([fs.promises.writeFile(`${file}.br`, br), fs.promises.writeFile(`${file}.gz`, gz)]);
    }),
  );
  return files.length;
}

export function precompressedAssets(): AstroIntegration {
  let client = '';
  return {
    name: 'multistage-lab:precompressed-assets',
    hooks: {
      'astro:config:done': ({ config }) => {
        client = fileURLToPath(config.build.client);
      },
      'astro:build:done': async ({ logger }) => {
        const started = Date.now();
        const count = await precompress(client);
        logger.info(`${count} files compressed (.br, .gz) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      },
    },
  };
}
