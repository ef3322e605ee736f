// Leftovers of a crashed or killed server are swept from the sandbox engine: at once when the
// replica that made them stopped beating, after the longest build otherwise. Another fleet's
// (another database's) recent work is never touched.
import { describe, expect, it } from 'vitest';
import { dockerFor } from '../../server/engine/engine-pool.ts';
import { FLEET_LABEL, REPLICA_LABEL, sweepEngine } from '../../server/engine/janitor.ts';
import { CHECK_LABEL } from '../../server/checkpoints/sandboxed-run.ts';
import { config } from '../../server/config.ts';

const docker = dockerFor(config.sandbox.endpoints[0]!);

const leftover = (labels: Record<string, string>) => docker.createContainer({ Image: 'alpine:3', Cmd: ['true'], Labels: { [CHECK_LABEL]: 'janitor-test', ...labels } });
const exists = (id: string) => docker.getContainer(id).inspect().then(() => true, () => false);

describe('sandbox janitor', () => {
  it('removes an orphan of a dead replica at once, keeps a live replica\'s and another fleet\'s, and removes anything past the cutoff', async () => {
    const dead = await leftover({ [FLEET_LABEL]: 'fleet-a', [REPLICA_LABEL]: 'replica-dead' });
    const live = await leftover({ [FLEET_LABEL]: 'fleet-a', [REPLICA_LABEL]: 'replica-live' });
    const otherFleet = await leftover({ [FLEET_LABEL]: 'fleet-b', [REPLICA_LABEL]: 'replica-x' });
    const rule = { cutoff: Date.now() - 30 * 60 * 1000, fleet: 'fleet-a', live: new Set(['replica-live']) };
    await sweepEngine(docker, rule);
    expect([await exists(dead.id), await exists(live.id), await exists(otherFleet.id)]).toEqual([false, true, true]);
    // An hour later everything is past the cutoff, whoever made it.
    await sweepEngine(docker, { ...rule, cutoff: Date.now() + 60 * 60 * 1000 });
    expect([await exists(live.id), await exists(otherFleet.id)]).toEqual([false, false]);
  });
});
