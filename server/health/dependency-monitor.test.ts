import { describe, expect, it } from 'vitest';
import { DependencyMonitor } from './dependency-monitor.ts';

describe('DependencyMonitor', () => {
  it('starts unknown, follows the check, and keeps "since" while the state holds', async () => {
    let works = true;
    const monitor = new DependencyMonitor(async () => {
      if (!works) throw new Error('disk full');
    });
    expect(monitor.current.state).toBe('unknown');
    const up = await monitor.checkNow();
    expect(up.state).toBe('up');
    await new Promise((r) => setTimeout(r, 5));
    expect((await monitor.checkNow()).since).toBe(up.since);
    works = false;
    const down = await monitor.checkNow();
    expect(down).toMatchObject({ state: 'down', reason: 'disk full' });
    expect(down.since).toBeGreaterThan(up.since);
  });
});
