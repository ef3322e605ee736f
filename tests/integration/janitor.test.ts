// Leftovers of a crashed server are swept from the sandbox engine; recent ones are kept.
import { describe, expect, it } from 'vitest';
import { dockerFor } from '../../server/engine/engine-pool.ts';
import { sweepEngine } from '../../server/engine/janitor.ts';
import { CHECK_LABEL } from '../../server/checkpoints/sandboxed-run.ts';
import { config } from '../../server/config.ts';

const docker = dockerFor(config.sandbox.endpoints[0]!);

describe('sandbox janitor', () => {
  it('removes checkpoint containers older than the cut-off and keeps newer ones', async () => {
    const leftover = await docker.createContainer({ Image: 'alpine:3', Cmd: ['true'], Labels: { [CHECK_LABEL]: 'janitor-test' } });
    const exists = () => docker.getContainer(leftover.id).inspect().then(() => true, () => false);
    // As if it were an hour old: nothing younger than 30 minutes is touched...
    expect((await sweepEngine(docker, 30 * 60 * 1000)).containers).toBe(0);
    expect(await exists()).toBe(true);
    // ...and once the cut-off has passed it is gone.
    const swept = await sweepEngine(docker, 30 * 60 * 1000, Date.now() + 60 * 60 * 1000);
    expect(swept.containers).toBeGreaterThanOrEqual(1);
    expect(await exists()).toBe(false);
  });
});
