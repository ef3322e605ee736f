// Looking inside the regular lab image (about 530 MB) on the real sandbox engine (issue 9):
// the analysis's time over the time of streaming the same image out of the engine to nowhere
// (the I/O floor), measured in the same run, alternating (goal: at most 1.2, and under 2 s),
// and the extra memory this process takes while it analyses (goal: under 64 MB).
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { config } from '../server/config.ts';
import { analyzeImage } from '../server/image-analysis/analyze-image.ts';
import { saveImage } from '../server/image-analysis/engine-image.ts';
import { buildLabImage } from '../tests/support/lab-image.ts';

const ROUNDS = 5;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Runs work while sampling this process's memory; the peak above what it used before. */
async function measured<T>(work: () => Promise<T>): Promise<{ ms: number; extraRss: number; extraHeap: number }> {
  const before = process.memoryUsage();
  let peakRss = before.rss;
  let peakHeap = before.heapUsed + before.external;
  const sample = setInterval(() => {
    const now = process.memoryUsage();
    peakRss = Math.max(peakRss, now.rss);
    peakHeap = Math.max(peakHeap, now.heapUsed + now.external);
  }, 10);
  const started = performance.now();
  try {
    await work();
  } finally {
    clearInterval(sample);
  }
  return { ms: performance.now() - started, extraRss: peakRss - before.rss, extraHeap: peakHeap - (before.heapUsed + before.external) };
}

export async function benchImageAnalysis(): Promise<void> {
  const dockerfile = fs.readFileSync(path.join(config.labsDir, 'multistage-node', 'starter/Dockerfile'), 'utf8');
  const image = await buildLabImage('multistage-node', dockerfile);
  const input = { buildId: 'bench', lab: 'multistage-node', file: 'Dockerfile.regular', dockerfile, steps: image.steps, imageSize: image.imageSize };
  const signal = () => AbortSignal.timeout(120_000);
  try {
    const drain = async () => pipeline(await saveImage(image.docker, image.imageId, signal()), new Writable({ write: (_chunk, _encoding, done) => done() }));
    const analyze = () => analyzeImage(image.docker, image.imageId, input, { signal: signal(), maxPaths: config.limits.analysisMaxPaths });
    await drain(); // the engine's first save of an image warms its caches
    const floors: number[] = [];
    const analyses: number[] = [];
    let extraRss = 0;
    let extraHeap = 0;
    for (let round = 0; round < ROUNDS; round++) {
      floors.push((await measured(drain)).ms);
      const run = await measured(analyze);
      analyses.push(run.ms);
      extraRss = Math.max(extraRss, run.extraRss);
      extraHeap = Math.max(extraHeap, run.extraHeap);
    }
    const floor = median(floors);
    const analysis = median(analyses);
    const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
    console.log(
      `image analysis, regular lab image (${mb(image.imageSize)}), median of ${ROUNDS}: ${analysis.toFixed(0)} ms; streaming it to nowhere: ${floor.toFixed(0)} ms; ` +
        `ratio ${(analysis / floor).toFixed(2)} (goal <= 1.2, and < 2000 ms); peak extra memory ${mb(extraRss)} RSS, ${mb(extraHeap)} heap and buffers, garbage included (goal < 64 MB)`,
    );
    console.log(`  rounds, floor/analysis ms: ${floors.map((f, i) => `${f.toFixed(0)}/${analyses[i]!.toFixed(0)}`).join(', ')}`);
  } finally {
    await image.remove();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchImageAnalysis();
