import { describe, expect, it } from 'vitest';
import { tryItTransition, type TryItState } from './try-it-state.ts';

const idle: TryItState = { phase: 'idle' };
const load = (file: string, current: string, example: string) => ({ type: 'load' as const, file, current, example });

describe('tryItTransition', () => {
  it('idle -> loaded, keeping the learner text for Undo', () => {
    expect(tryItTransition(idle, load('Dockerfile', 'mine', 'example'))).toEqual({ phase: 'loaded', file: 'Dockerfile', previous: 'mine', example: 'example' });
  });

  it('loaded -> restored on undo', () => {
    const loaded = tryItTransition(idle, load('Dockerfile', 'mine', 'example'));
    expect(tryItTransition(loaded, { type: 'undo' })).toEqual({ phase: 'restored', file: 'Dockerfile' });
  });

  it('loaded -> loaded with a second example: Undo still goes back to the learner text', () => {
    const first = tryItTransition(idle, load('Dockerfile', 'mine', 'one'));
    expect(tryItTransition(first, load('Dockerfile', 'one', 'two'))).toMatchObject({ previous: 'mine', example: 'two' });
    // Edited after loading: that edit is what Undo keeps.
    expect(tryItTransition(first, load('Dockerfile', 'one, edited', 'two'))).toMatchObject({ previous: 'one, edited' });
    // Another tab: its own text.
    expect(tryItTransition(first, load('Dockerfile.regular', 'regular', 'two'))).toMatchObject({ file: 'Dockerfile.regular', previous: 'regular' });
  });

  it('restored -> loaded on a new example', () => {
    expect(tryItTransition({ phase: 'restored', file: 'Dockerfile' }, load('Dockerfile', 'mine', 'x'))).toMatchObject({ phase: 'loaded', previous: 'mine' });
  });

  it('loaded and restored -> idle on dismiss; undo in idle or restored changes nothing', () => {
    expect(tryItTransition(tryItTransition(idle, load('D', 'a', 'b')), { type: 'dismiss' })).toEqual(idle);
    expect(tryItTransition({ phase: 'restored', file: 'D' }, { type: 'dismiss' })).toEqual(idle);
    expect(tryItTransition(idle, { type: 'undo' })).toBe(idle);
    const restored: TryItState = { phase: 'restored', file: 'D' };
    expect(tryItTransition(restored, { type: 'undo' })).toBe(restored);
    expect(tryItTransition(idle, { type: 'dismiss' })).toBe(idle);
  });
});
