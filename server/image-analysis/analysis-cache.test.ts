// Recent analyses: bounded by bytes, least recently used first out, only for their learner.
import { describe, expect, it } from 'vitest';
import type { ImageAnalysis } from '../../shared/image-analysis/schema.ts';
import { AnalysisCache } from './analysis-cache.ts';

/** An analysis whose gzipped JSON is about `bytes` long (random text does not compress). */
const analysis = (buildId: string, bytes: number) =>
  ({ version: 1, buildId, lab: 'lab', file: 'Dockerfile', padding: Buffer.from(Array.from({ length: bytes }, () => Math.floor(Math.random() * 256))).toString('base64') }) as unknown as ImageAnalysis;

describe('AnalysisCache', () => {
  it('hands an analysis back only to its learner and lab', async () => {
    const cache = new AnalysisCache(1e6);
    await cache.put('ann', analysis('b1', 100));
    expect((await cache.analysis('ann', 'lab', 'b1'))?.buildId).toBe('b1');
    expect(cache.get('bob', 'lab', 'b1')).toBeUndefined();
    expect(cache.get('ann', 'other-lab', 'b1')).toBeUndefined();
  });

  it('stays under its byte limit, dropping the least recently used first', async () => {
    const cache = new AnalysisCache(10_000);
    await cache.put('ann', analysis('b1', 3000));
    await cache.put('ann', analysis('b2', 3000));
    cache.get('ann', 'lab', 'b1'); // b1 is now the most recently used
    await cache.put('ann', analysis('b3', 3000));
    await cache.put('ann', analysis('b4', 3000));
    expect(cache.size.bytes).toBeLessThanOrEqual(10_000);
    expect(cache.get('ann', 'lab', 'b2')).toBeUndefined();
    expect(cache.get('ann', 'lab', 'b1')).toBeDefined();
    expect(cache.get('ann', 'lab', 'b4')).toBeDefined();
    // One larger than the whole cache is not kept, and does not empty it.
    await cache.put('ann', analysis('huge', 20_000));
    expect(cache.get('ann', 'lab', 'huge')).toBeUndefined();
    expect(cache.get('ann', 'lab', 'b4')).toBeDefined();
  });
});
