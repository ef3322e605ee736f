import { afterEach, describe, expect, it } from 'vitest';
import { ProgressStore } from '../progress/progress-store.ts';
import { ClassStore } from './class-store.ts';

let progress: ProgressStore;
let store: ClassStore;
const open = () => {
  progress = new ProgressStore(':memory:');
  store = new ClassStore(progress.database());
};
afterEach(() => progress.close());

const build = (outcome: 'success' | 'failed' = 'success') => ({ lab: 'node', file: 'Dockerfile', outcome, imageSize: outcome === 'success' ? 1e8 : null, durationMs: 5000 }) as const;

describe('class store', () => {
  it('an instructor sees their classes with member counts; a code finds its class', () => {
    open();
    const a = store.createClass('teacher-a', 'Monday group', ['multistage-node']);
    store.createClass('teacher-b', 'Other', ['multistage-go']);
    store.join(a.id, 'learner-1', 'Ada', 10);
    expect(store.classesOf('teacher-a').map((c) => [c.name, c.members])).toEqual([['Monday group', 1]]);
    expect(store.classByCode(a.code)?.id).toBe(a.id);
    expect(store.classByCode('NOPE2345')).toBeUndefined();
  });

  it('one class at a time: joining another leaves the first, with its data; names are unique per class', () => {
    open();
    const a = store.createClass('t', 'A', ['node']);
    const b = store.createClass('t', 'B', ['node']);
    expect(store.join(a.id, 'l1', 'Ada', 10)).toMatchObject({ ok: true });
    expect(store.join(a.id, 'l2', 'ada ', 10)).toMatchObject({ ok: true }); // trimmed by the schema, not here
    expect(store.join(a.id, 'l3', 'ADA', 10)).toEqual({ ok: false, reason: 'name-taken' });
    store.recordBuild('l1', build(), 'log text', { buildsKept: 5 });
    const moved = store.join(b.id, 'l1', 'Ada', 10);
    expect(moved).toMatchObject({ ok: true, left: { id: a.id } });
    expect(store.membership('l1')?.class.id).toBe(b.id);
    expect(store.builds(a.id, 'l1')).toEqual([]);
    expect(store.logs(a.id, 'l1')).toEqual([]);
  });

  it('a full class refuses more learners; rejoining renames', () => {
    open();
    const a = store.createClass('t', 'A', ['node']);
    store.join(a.id, 'l1', 'Ada', 1);
    expect(store.join(a.id, 'l2', 'Bo', 1)).toEqual({ ok: false, reason: 'full' });
    expect(store.join(a.id, 'l1', 'Ada L.', 1)).toMatchObject({ ok: true, member: { name: 'Ada L.' } });
    expect(store.members(a.id).map((m) => m.name)).toEqual(['Ada L.']);
  });

  it('keeps builds and logs only for members, bounded, and numbers each change on the feed', () => {
    open();
    const a = store.createClass('t', 'A', ['node']);
    expect(store.recordBuild('outsider', build(), 'x', { buildsKept: 3 })).toBeUndefined();
    const head = store.feedHead();
    const { member } = store.join(a.id, 'l1', 'Ada', 10) as { ok: true; member: { member: string } };
    progress.recordVerdicts('l1', 'node', [{ step: 's', checkpoints: [{ id: 'c', status: 'pass', expected: '', found: '' }] }]);
    for (let i = 0; i < 5; i++) store.recordBuild('l1', build(i % 2 ? 'failed' : 'success'), `log ${i}`, { buildsKept: 3 });
    expect(store.builds(a.id).map((b) => [b.outcome, b.passing])).toEqual([
      ['success', 1],
      ['failed', 1],
      ['success', 1],
    ]);
    expect(store.logs(a.id, 'l1')).toMatchObject([{ lab: 'node', file: 'Dockerfile', text: 'log 4' }]);
    expect(store.feedAfter(head).map((e) => [e.kind, e.member])).toEqual([['joined', member.member], ...Array(5).fill(['build', member.member])]);
    expect(store.verdicts(a.id)).toMatchObject([{ learner: 'l1', step: 's', checkpoint: 'c', status: 'pass' }]);
  });

  it('removing a member and deleting a class take their data with them, not the learners\' own progress', () => {
    open();
    const a = store.createClass('t', 'A', ['node']);
    const { member } = store.join(a.id, 'l1', 'Ada', 10) as { ok: true; member: { member: string } };
    store.join(a.id, 'l2', 'Bo', 10);
    store.recordBuild('l1', build(), 'log', { buildsKept: 3 });
    progress.saveDraft('l1', 'node', 'Dockerfile', 'FROM alpine');
    expect(store.removeMember(a.id, member.member)).toBe(true);
    expect(store.removeMember(a.id, member.member)).toBe(false);
    expect(store.membership('l1')).toBeUndefined();
    expect(store.builds(a.id, 'l1')).toEqual([]);
    expect(progress.progress('l1', 'node').drafts).toEqual({ Dockerfile: 'FROM alpine' });
    store.deleteClass(a.id);
    expect(store.classById(a.id)).toBeUndefined();
    expect(store.membership('l2')).toBeUndefined();
  });
});
