import { describe, expect, it } from 'vitest';
import { AbandonedError, BuildJournal } from './build-journal.ts';

const settings = { maxBytesPerBuild: 2000, retentionMs: 1000, abandonGraceMs: 20, finishedPerLearner: 2, maxTotalBytes: 100_000 };
const log = (text: string) => ({ type: 'log' as const, step: 'v', stream: 'stdout' as const, text });

describe('BuildJournal', () => {
  it('numbers messages from 1 and replays those after a seq', () => {
    const journal = new BuildJournal(settings);
    const record = journal.create({ learner: 'ada', address: 'a' }, 'lab', 'Dockerfile');
    record.emit({ type: 'accepted', lab: 'lab', file: 'Dockerfile' });
    record.emit(log('a'));
    record.emit(log('b'));
    expect(record.after(1).map((m) => [m.seq, m.buildId === record.id])).toEqual([[2, true], [3, true]]);
    expect(record.message(3)).toMatchObject({ type: 'log', text: 'b' });
  });

  it("caps a build's log: past its bytes, step and log messages are dropped after one notice; the end still comes", () => {
    const journal = new BuildJournal(settings);
    const record = journal.create({ learner: 'ada', address: 'a' }, 'lab', 'Dockerfile');
    for (let i = 0; i < 100; i++) record.emit(log('x'.repeat(100)));
    record.emit({ type: 'result', file: 'Dockerfile', ok: true, outcome: 'success', stages: 1, durationMs: 1, checking: false });
    const messages = record.after(0);
    expect(messages.filter((m) => m.type === 'error' && m.code === 'log-truncated')).toHaveLength(1);
    expect(messages.at(-1)?.type).toBe('result');
    expect(record.bytes).toBeLessThan(2000 + 400);
  });

  it('forgets finished builds past retention, past the per-learner count and past the byte budget, oldest first', () => {
    const journal = new BuildJournal({ ...settings, maxTotalBytes: 500 });
    const make = (learner: string, finishedAt: number) => {
      const record = journal.create({ learner, address: 'a' }, 'lab', 'Dockerfile');
      record.emit(log('y'.repeat(150)));
      record.finish();
      record.finishedAt = finishedAt;
      return record;
    };
    const now = Date.now();
    const old = make('ada', now - 5000);
    const a1 = make('ada', now - 30);
    const a2 = make('ada', now - 20);
    const a3 = make('ada', now - 10);
    const running = journal.create({ learner: 'bob', address: 'a' }, 'lab', 'Dockerfile');
    running.emit(log('z'.repeat(150)));
    journal.sweep(now);
    expect(journal.get(old.id)).toBeUndefined(); // past retention
    expect(journal.get(a1.id)).toBeUndefined(); // ada keeps two finished
    expect(journal.get(running.id)).toBeDefined(); // running builds are never dropped
    expect(journal.bytes).toBeLessThanOrEqual(500);
    expect(journal.get(a3.id)).toBeDefined(); // newest kept first
    expect(journal.get(a2.id) === undefined || journal.bytes <= 500).toBe(true);
  });

  it('cancels a running build when its last follower leaves, unless one comes back within the grace', async () => {
    const journal = new BuildJournal(settings);
    const kept = journal.create({ learner: 'ada', address: 'a' }, 'lab', 'Dockerfile');
    const stop = kept.follow(() => {});
    stop();
    const back = kept.follow(() => {});
    const left = journal.create({ learner: 'ada', address: 'a' }, 'lab', 'Dockerfile');
    left.follow(() => {})();
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(kept.controller.signal.aborted).toBe(false);
    expect(left.controller.signal.reason).toBeInstanceOf(AbandonedError);
    back();
  });
});
