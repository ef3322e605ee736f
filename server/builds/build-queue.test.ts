import { describe, expect, it } from 'vitest';
import { BuildQueue, QueueFullError } from './build-queue.ts';

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

describe('BuildQueue', () => {
  it('runs up to its concurrency and tells waiting builds their position as the line moves', async () => {
    const queue = new BuildQueue(1, 10);
    const first = deferred();
    const positions: number[][] = [[], [], []];
    const never = new AbortController().signal;
    const a = queue.run(() => first.promise, (p) => positions[0]!.push(p), never);
    const b = queue.run(async () => 'b', (p) => positions[1]!.push(p), never);
    const c = queue.run(async () => 'c', (p) => positions[2]!.push(p), never);
    expect(queue.waitingCount).toBe(2);
    first.resolve();
    await Promise.all([a, b, c]);
    expect(positions[0]).toEqual([0]);
    expect(positions[1]).toEqual([0]); // next in line from the start
    expect(positions[2]).toEqual([1, 0]);
    expect(queue.waitingCount).toBe(0);
  });

  it('removes a build from the line when its signal aborts', async () => {
    const queue = new BuildQueue(1, 10);
    const first = deferred();
    const never = new AbortController().signal;
    const running = queue.run(() => first.promise, () => {}, never);
    const controller = new AbortController();
    const waiting = queue.run(async () => 'never runs', () => {}, controller.signal);
    controller.abort();
    await expect(waiting).rejects.toThrow();
    expect(queue.waitingCount).toBe(0);
    first.resolve();
    await running;
  });

  it('refuses builds beyond the waiting cap', async () => {
    const queue = new BuildQueue(1, 1);
    const first = deferred();
    const never = new AbortController().signal;
    const running = queue.run(() => first.promise, () => {}, never);
    const waiting = queue.run(async () => 'ok', () => {}, never);
    await expect(queue.run(async () => 'no', () => {}, never)).rejects.toThrow(QueueFullError);
    first.resolve();
    await Promise.all([running, waiting]);
  });
});
