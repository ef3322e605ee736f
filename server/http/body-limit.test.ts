import { describe, expect, it } from 'vitest';
import { readLimitedText } from './body-limit.ts';

/** A request whose body streams `chunks` and records how many were pulled. */
function streamingRequest(chunks: string[], headers: Record<string, string> = {}) {
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled === chunks.length) return controller.close();
      controller.enqueue(new TextEncoder().encode(chunks[pulled++]));
    },
  });
  const request = new Request('http://site/x', { method: 'PUT', body, headers, duplex: 'half' } as RequestInit);
  return { request, pulled: () => pulled };
}

describe('readLimitedText', () => {
  it('reads a body within the limit', async () => {
    const { request } = streamingRequest(['{"text":', '"FROM é"}']);
    expect(await readLimitedText(request, 100)).toEqual({ ok: true, text: '{"text":"FROM é"}' });
  });

  it('refuses a declared Content-Length over the limit without reading', async () => {
    const { request, pulled } = streamingRequest(['x'.repeat(10)], { 'content-length': '1000' });
    expect(await readLimitedText(request, 100)).toEqual({ ok: false, tooLarge: true });
    expect(pulled()).toBeLessThanOrEqual(1); // a stream may pre-pull one chunk; it is not read
  });

  it('stops at the chunk that passes the limit when the length is not declared', async () => {
    const { request, pulled } = streamingRequest(Array.from({ length: 1000 }, () => 'x'.repeat(64)));
    expect(await readLimitedText(request, 200)).toEqual({ ok: false, tooLarge: true });
    expect(pulled()).toBeLessThan(10);
  });

  it('counts bytes, not characters', async () => {
    const { request } = streamingRequest(['é'.repeat(60)]);
    expect(await readLimitedText(request, 100)).toEqual({ ok: false, tooLarge: true });
  });

  it('reads an empty body', async () => {
    expect(await readLimitedText(new Request('http://site/x', { method: 'PUT' }), 10)).toEqual({ ok: true, text: '' });
  });
});
