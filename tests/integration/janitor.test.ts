// Leftovers of a crashed or killed server are swept from the sandbox engine: at once when the
// replica of this fleet that made them stopped beating; another fleet's (another database's)
// recent work is never touched; anything past the horizon goes.
import { describe, expect, it } from 'vitest';
import { dockerFor } from '../../server/engine/engine-pool.ts';
import { FLEET_LABEL, FOREIGN_HORIZON_MS, REPLICA_LABEL, sweepEngine } from '../../server/engine/janitor.ts';
import { CHECK_LABEL } from '../../server/checkpoints/sandboxed-run.ts';
import { config } from '../../server/config.ts';

const docker = dockerFor(config.sandbox.endpoints[0]!);

const leftover = (labels: Record<string, string>) => docker.createContainer({ Image: 'alpine:3', Cmd: ['true'], Labels: { [CHECK_LABEL]: 'janitor-test', ...labels } });
const exists = (id: string) => docker.getContainer(id).inspect().then(() => true, () => false);

describe('sandbox janitor', () => {
  it("removes a dead replica's orphan at once, keeps a live replica's and another fleet's, and removes anything past the horizon", async () => {
    const now = Date.now();
    const dead = await leftover({ [FLEET_LABEL]: 'fleet-test', [REPLICA_LABEL]: 'replica-dead' });
    const live = await leftover({ [FLEET_LABEL]: 'fleet-test', [REPLICA_LABEL]: 'replica-live' });
    const otherFleet = await leftover({ [FLEET_LABEL]: 'fleet-other', [REPLICA_LABEL]: 'replica-dead' });
    const seen = new Map([['replica-live', now], ['replica-dead', now - 10 * 60 * 1000]]);
    const rule = { now, fleet: 'fleet-test', replica: 'replica-me', seen };
    await sweepEngine(docker, rule);
    expect([await exists(dead.id), await exists(live.id), await exists(otherFleet.id)]).toEqual([false, true, true]);
    // Past the horizon everything goes, whoever made it.
    await sweepEngine(docker, { ...rule, now: now + FOREIGN_HORIZON_MS + 60_000 });
    expect([await exists(live.id), await exists(otherFleet.id)]).toEqual([false, false]);
  });
});
