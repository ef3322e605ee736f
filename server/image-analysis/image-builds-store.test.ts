// The size history and analysis summaries in the progress database.
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import type { AnalysisSummary } from '../../shared/image-analysis/schema.ts';
import { HISTORY_PER_FILE, ImageBuildsStore } from './image-builds-store.ts';

const summary: AnalysisSummary = { imageSize: 5, layers: 2, files: 9, wastedBytes: 70, efficiency: 0.9, topOffenders: [{ path: '/x', bytes: 70 }], stages: [], durationMs: 3 };

describe('ImageBuildsStore', () => {
  it('keeps each successful build per learner, lab and file, with its summary once analysed', () => {
    const store = new ImageBuildsStore(new DatabaseSync(':memory:'));
    store.record({ buildId: 'b1', learner: 'ann', lab: 'lab', file: 'Dockerfile.regular', imageSize: 530, at: 1 });
    store.record({ buildId: 'b2', learner: 'ann', lab: 'lab', file: 'Dockerfile', imageSize: 111, at: 2, target: 'builder' });
    store.record({ buildId: 'b3', learner: 'bob', lab: 'lab', file: 'Dockerfile', imageSize: 99, at: 3 });
    store.summarize('b1', summary);
    expect(Object.fromEntries(store.history('ann', 'lab'))).toEqual({
      'Dockerfile.regular': [{ buildId: 'b1', at: 1, imageSize: 530, wastedBytes: 70, efficiency: 0.9 }],
      Dockerfile: [{ buildId: 'b2', at: 2, imageSize: 111, target: 'builder' }],
    });
    expect(store.build('ann', 'b1')).toMatchObject({ lab: 'lab', summary });
    expect(store.build('bob', 'b1')).toBeUndefined();
  });

  it(`forgets all but the newest ${HISTORY_PER_FILE} builds of a file`, () => {
    const store = new ImageBuildsStore(new DatabaseSync(':memory:'));
    for (let i = 0; i < HISTORY_PER_FILE + 5; i++) store.record({ buildId: `b${i}`, learner: 'ann', lab: 'lab', file: 'Dockerfile', imageSize: i, at: i });
    const kept = store.history('ann', 'lab').get('Dockerfile')!;
    expect(kept).toHaveLength(HISTORY_PER_FILE);
    expect(kept[0]!.buildId).toBe('b5');
  });
});
