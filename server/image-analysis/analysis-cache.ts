// Recent analyses, whole, for the page to fetch: gzipped JSON (what the HTTP route sends
// as it is), bounded by bytes, the least recently used going first. Each belongs to one
// learner and is only ever handed back to them.
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { ImageAnalysis } from '../../shared/image-analysis/schema.ts';

const gzip = promisify(zlib.gzip);
const gunzip = promisify(zlib.gunzip);

export interface CachedAnalysis {
  learner: string;
  lab: string;
  buildId: string;
  /** The analysis as JSON, gzipped. */
  gzipped: Buffer;
}

export class AnalysisCache {
  private readonly entries = new Map<string, CachedAnalysis>();
  private readonly maxBytes: number;
  private bytes = 0;

  constructor(maxBytes: number) {
    this.maxBytes = maxBytes;
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  async put(learner: string, analysis: ImageAnalysis): Promise<void> {
    const gzipped = await gzip(JSON.stringify(analysis));
    if (gzipped.length > this.maxBytes) return; // kept nowhere rather than emptying the cache for one
    this.delete(analysis.buildId);
    this.entries.set(analysis.buildId, { learner, lab: analysis.lab, buildId: analysis.buildId, gzipped });
    this.bytes += gzipped.length;
    for (const [buildId] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.delete(buildId);
    }
  }

  /** The learner's analysis of that build of that lab, marked as recently used; undefined for anyone else's. */
  get(learner: string, lab: string, buildId: string): CachedAnalysis | undefined {
    const entry = this.entries.get(buildId);
    if (!entry || entry.learner !== learner || entry.lab !== lab) return undefined;
    this.entries.delete(buildId);
    this.entries.set(buildId, entry);
    return entry;
  }

  /** The same, parsed. */
  async analysis(learner: string, lab: string, buildId: string): Promise<ImageAnalysis | undefined> {
    const entry = this.get(learner, lab, buildId);
    return entry && (JSON.parse((await gunzip(entry.gzipped)).toString('utf8')) as ImageAnalysis);
  }

  private delete(buildId: string): void {
    const entry = this.entries.get(buildId);
    if (!entry) return;
    this.entries.delete(buildId);
    this.bytes -= entry.gzipped.length;
  }
}
