import { describe, expect, it } from 'vitest';
import { EnginePool } from '../engine/engine-pool.ts';
import { QueueFullError, Scheduler, type Lease } from './scheduler.ts';

/** A pool whose engines answer as `up` says, checked at once. */
async function poolOf(count: number, up: (name: string) => boolean = () => true) {
  const endpoints = Array.from({ length: count }, (_, i) => `unix:///engine-${i}.sock`);
  const pool = new EnginePool(endpoints, { failuresToMarkDown: 1 }, async (engine) => up(engine.name));
  await pool.checkAll();
  return pool;
}

const never = () => new AbortController().signal;
const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('Scheduler', () => {
  it('hands out slots up to capacity, least busy engine first, and the next build gets a released slot', async () => {
    const scheduler = new Scheduler(await poolOf(2), 2, 10);
    const leases = await Promise.all([0, 1, 2, 3].map((i) => scheduler.acquire(`learner-${i}`, () => {}, never())));
    expect(leases.map((l) => l.engine.name).sort()).toEqual(['engine-0', 'engine-0', 'engine-1', 'engine-1']);
    expect(scheduler.view()).toMatchObject({ capacity: 4, running: 4, waiting: 0 });
    let fifth: Lease | undefined;
    void scheduler.acquire('learner-4', () => {}, never()).then((l) => (fifth = l));
    await flush();
    expect(fifth).toBeUndefined();
    expect(scheduler.waiting).toBe(1);
    leases[2]!.release();
    await flush();
    expect(fifth?.engine.name).toBe(leases[2]!.engine.name);
    expect(scheduler.running).toBe(4);
  });

  it('sends a learner back to the engine of their last build while it has a free slot (their cache mounts are there)', async () => {
    const scheduler = new Scheduler(await poolOf(2), 1, 10);
    const other = await scheduler.acquire('other', () => {}, never()); // takes engine-0
    const first = await scheduler.acquire('ann', () => {}, never());
    expect(first.engine.name).toBe('engine-1');
    first.release();
    other.release();
    // Both engines are free: ann goes back to engine-1, not to the first in the pool.
    const again = await scheduler.acquire('ann', () => {}, never());
    expect(again.engine.name).toBe('engine-1');
    // While engine-1 is busy, ann's next build does not wait for it.
    const meanwhile = await scheduler.acquire('ann', () => {}, never());
    expect(meanwhile.engine.name).toBe('engine-0');
    again.release();
    meanwhile.release();
  });

  it('counts a lease released twice once', async () => {
    const scheduler = new Scheduler(await poolOf(1), 2, 10);
    const a = await scheduler.acquire('a', () => {}, never());
    const b = await scheduler.acquire('b', () => {}, never());
    a.release();
    a.release();
    expect(scheduler.running).toBe(1);
    b.release();
    expect(scheduler.running).toBe(0);
  });

  it('serves learners round robin: ten waiting builds of A do not push B back', async () => {
    const scheduler = new Scheduler(await poolOf(1), 1, 50);
    const holder = await scheduler.acquire('someone', () => {}, never());
    const served: string[] = [];
    const positions = new Map<string, number[]>();
    const wait = (learner: string, tag: string) =>
      scheduler
        .acquire(learner, (p) => positions.set(tag, [...(positions.get(tag) ?? []), p]), never())
        .then((lease) => {
          served.push(tag);
          lease.release();
        });
    const all = [...Array.from({ length: 10 }, (_, i) => wait('A', `A${i}`)), wait('B', 'B0')];
    expect(positions.get('B0')).toEqual([1]); // only A's first build is ahead of B
    expect(positions.get('A1')).toEqual([1, 2]); // B's arrival moved A's second build back
    holder.release();
    await Promise.all(all);
    expect(served.slice(0, 3)).toEqual(['A0', 'B0', 'A1']);
    expect(scheduler.view()).toMatchObject({ running: 0, waiting: 0 });
  });

  it('removes a build from the line when its signal aborts, and tells the others their new place', async () => {
    const scheduler = new Scheduler(await poolOf(1), 1, 10);
    const holder = await scheduler.acquire('x', () => {}, never());
    const controller = new AbortController();
    const left = scheduler.acquire('a', () => {}, controller.signal);
    const behind: number[] = [];
    const next = scheduler.acquire('b', (p) => behind.push(p), never());
    controller.abort(new Error('tab closed'));
    await expect(left).rejects.toThrow('tab closed');
    expect(behind).toEqual([1, 0]);
    holder.release();
    const lease = await next;
    lease.release();
    expect(scheduler.view()).toMatchObject({ running: 0, waiting: 0 });
  });

  it('refuses past the waiting cap, but lets a retried build in at the head of the line', async () => {
    const scheduler = new Scheduler(await poolOf(1), 1, 1);
    const holder = await scheduler.acquire('x', () => {}, never());
    const waiting = scheduler.acquire('a', () => {}, never());
    await expect(scheduler.acquire('b', () => {}, never())).rejects.toBeInstanceOf(QueueFullError);
    const retried = scheduler.acquire('c', () => {}, never(), { first: true });
    holder.release();
    const first = await retried;
    first.release();
    (await waiting).release();
    expect(scheduler.running).toBe(0);
  });

  it('keeps builds waiting while no engine is healthy and starts them when one comes back', async () => {
    let up = false;
    const pool = await poolOf(1, () => up);
    const scheduler = new Scheduler(pool, 2, 10);
    expect(scheduler.view().capacity).toBe(0);
    let lease: Lease | undefined;
    void scheduler.acquire('a', () => {}, never()).then((l) => (lease = l));
    await flush();
    expect(lease).toBeUndefined();
    up = true;
    await pool.checkAll();
    await flush();
    expect(lease?.engine.name).toBe('engine-0');
  });

  it('gives no slot on an engine that went down; its running builds release normally', async () => {
    let up = true;
    const pool = await poolOf(1, () => up);
    const scheduler = new Scheduler(pool, 1, 10);
    const running = await scheduler.acquire('a', () => {}, never());
    up = false;
    await pool.checkAll();
    let next: Lease | undefined;
    void scheduler.acquire('b', () => {}, never()).then((l) => (next = l));
    running.release();
    await flush();
    expect(next).toBeUndefined();
    expect(scheduler.view()).toMatchObject({ running: 0, waiting: 1, capacity: 0 });
  });
});
