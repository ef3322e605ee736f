// Recent analyses: bounded by bytes, least recently used first out, only for their learner.
import { describe, expect, it } from 'vitest';
import zlib from 'node:zlib';
import { AnalysisCache } from './analysis-cache.ts';

/** A build's analysis as the analysis thread hands it over: about `bytes` of gzipped JSON. */
const analysis = (buildId: string, bytes: number): [{ lab: string; buildId: string }, Buffer] => {
  // Random text does not compress.
  const padding = Buffer.from(Array.from({ length: bytes }, () => Math.floor(Math.random() * 256))).toString('base64');
  return [{ lab: 'lab', buildId }, zlib.gzipSync(JSON.stringify({ version: 1, buildId, lab: 'lab', file: 'Dockerfile', padding }))];
};

describe('AnalysisCache', () => {
  it('hands an analysis back only to its learner and lab', async () => {
    const cache = new AnalysisCache(1e6);
    cache.put('ann', ...analysis('b1', 100));
    expect((await cache.analysis('ann', 'lab', 'b1'))?.buildId).toBe('b1');
    expect(cache.get('bob', 'lab', 'b1')).toBeUndefined();
    expect(cache.get('ann', 'other-lab', 'b1')).toBeUndefined();
  });

  it('stays under its byte limit, dropping the least recently used first', () => {
    const cache = new AnalysisCache(10_000);
    cache.put('ann', ...analysis('b1', 3000));
    cache.put('ann', ...analysis('b2', 3000));
    cache.get('ann', 'lab', 'b1'); // b1 is now the most recently used
    cache.put('ann', ...analysis('b3', 3000));
    cache.put('ann', ...analysis('b4', 3000));
    expect(cache.size.bytes).toBeLessThanOrEqual(10_000);
    expect(cache.get('ann', 'lab', 'b2')).toBeUndefined();
    expect(cache.get('ann', 'lab', 'b1')).toBeDefined();
    expect(cache.get('ann', 'lab', 'b4')).toBeDefined();
    // One larger than the whole cache is not kept, and does not empty it.
    cache.put('ann', ...analysis('huge', 20_000));
    expect(cache.get('ann', 'lab', 'huge')).toBeUndefined();
    expect(cache.get('ann', 'lab', 'b4')).toBeDefined();
  });
});
