import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DraftSync } from './draft-sync.ts';

interface Call {
  url: string;
  body: { text: string; base: number };
  keepalive: boolean | undefined;
}

/** A fake drafts route: answers in turn from `replies` (a status, or a thrown network error). */
function server(replies: Array<number | 'down' | [number, unknown]>) {
  const calls: Call[] = [];
  const http = async (url: string, init: RequestInit) => {
    calls.push({ url, body: JSON.parse(String(init.body)), keepalive: init.keepalive });
    const reply = replies.shift() ?? [200, { version: calls.length }];
    if (reply === 'down') throw new TypeError('Failed to fetch');
    const [status, json] = Array.isArray(reply) ? reply : [reply, { version: calls.length }];
    return new Response(status === 204 ? null : JSON.stringify(json), { status });
  };
  return { calls, http };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const settle = () => vi.advanceTimersByTimeAsync(0);

describe('DraftSync', () => {
  it('holds saves until the saved drafts have loaded, then saves on the loaded version', async () => {
    const { calls, http } = server([[200, { version: 4 }]]);
    const drafts = new DraftSync('lab', http, { debounceMs: 100 });
    drafts.changed('Dockerfile', 'FROM a');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toEqual([]);
    expect(drafts.$status.get()).toBe('loading');
    drafts.load({ Dockerfile: 3 });
    await settle();
    expect(calls.map((c) => c.body)).toEqual([{ text: 'FROM a', base: 3 }]);
    expect(drafts.$status.get()).toBe('saved');
  });

  it('debounces typing and saves the last text', async () => {
    const { calls, http } = server([]);
    const drafts = new DraftSync('lab', http, { debounceMs: 100 });
    drafts.load({});
    drafts.changed('Dockerfile', 'F');
    drafts.changed('Dockerfile', 'FR');
    expect(drafts.$status.get()).toBe('saving');
    await vi.advanceTimersByTimeAsync(100);
    expect(calls.map((c) => c.body.text)).toEqual(['FR']);
    expect(calls[0]!.keepalive).toBeUndefined();
  });

  it('shows offline while the server is unreachable and retries until the save lands', async () => {
    const { calls, http } = server(['down', 'down', 503]);
    const drafts = new DraftSync('lab', http, { debounceMs: 0, retryMs: [1000, 4000] });
    drafts.load({});
    drafts.changed('Dockerfile', 'FROM a');
    await settle();
    expect(drafts.$status.get()).toBe('offline');
    await vi.advanceTimersByTimeAsync(500);
    expect(calls).toHaveLength(1); // no hammering: the first retry waits a second
    await vi.advanceTimersByTimeAsync(20_000); // down, 503, then saved, each wait twice the last
    expect(calls).toHaveLength(4);
    expect(drafts.$status.get()).toBe('saved');
  });

  it('detects a save from another tab and lets the learner keep theirs or take it', async () => {
    const { calls, http } = server([[409, { text: 'FROM other-tab', version: 7 }], [200, { version: 8 }]]);
    const drafts = new DraftSync('lab', http, { debounceMs: 0 });
    drafts.load({ Dockerfile: 5 });
    drafts.changed('Dockerfile', 'FROM mine');
    await settle();
    expect(drafts.$status.get()).toBe('conflict');
    expect(drafts.$conflict.get()).toEqual({ file: 'Dockerfile', theirs: 'FROM other-tab', version: 7 });
    drafts.changed('Dockerfile', 'FROM mine, more');
    await vi.advanceTimersByTimeAsync(5000);
    expect(calls).toHaveLength(1); // nothing saved over the other tab's text before the learner chose
    drafts.resolve('mine', 'FROM mine, more');
    await settle();
    expect(calls[1]!.body).toEqual({ text: 'FROM mine, more', base: 7 });
    expect(drafts.$status.get()).toBe('saved');

    const other = server([[409, { text: 'FROM theirs', version: 2 }]]);
    const second = new DraftSync('lab', other.http, { debounceMs: 0 });
    second.load({});
    second.changed('Dockerfile', 'FROM mine');
    await settle();
    expect(second.resolve('theirs', 'FROM mine')).toBe('FROM theirs');
    expect(second.$status.get()).toBe('saved');
  });

  it('says too large and does not retry a draft the server refuses for its size', async () => {
    const { calls, http } = server([413]);
    const drafts = new DraftSync('lab', http, { debounceMs: 0 });
    drafts.load({});
    drafts.changed('Dockerfile', 'x'.repeat(10));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toHaveLength(1);
    expect(drafts.$status.get()).toBe('too-large');
  });

  it('uses keepalive only when the page goes away, and only for bodies browsers accept', async () => {
    const { calls, http } = server([]);
    const drafts = new DraftSync('lab', http, { debounceMs: 5000, keepaliveBytes: 100 });
    drafts.load({});
    drafts.changed('Dockerfile', 'FROM a');
    drafts.changed('Dockerfile.regular', 'x'.repeat(200));
    drafts.pagehide();
    await settle();
    expect(calls.map((c) => [c.url, c.keepalive])).toEqual([
      ['/api/labs/lab/drafts/Dockerfile', true],
      ['/api/labs/lab/drafts/Dockerfile.regular', false],
    ]);
  });
});
