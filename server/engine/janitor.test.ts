import { describe, expect, it } from 'vitest';
import { FLEET_LABEL, FOREIGN_HORIZON_MS, ImageSightings, isOrphan, REPLICA_DEAD_MS, REPLICA_LABEL } from './janitor.ts';

const now = 10_000_000_000;
const rule = { now, fleet: 'fleet-a', replica: 'me', seen: new Map([['alive', now - 5_000], ['dead', now - REPLICA_DEAD_MS - 1]]) };
const made = (fleet: string | undefined, replica: string | undefined, ageMs: number) =>
  isOrphan({ ...(fleet && { [FLEET_LABEL]: fleet }), ...(replica && { [REPLICA_LABEL]: replica }) }, ageMs, rule);

describe('isOrphan', () => {
  it('removes what a dead replica of this fleet left, at once', () => {
    expect(made('fleet-a', 'dead', 1000)).toBe(true);
  });

  it('keeps what this replica and live replicas of the fleet are working on, however long the build', () => {
    expect(made('fleet-a', 'me', 3_600_000)).toBe(false);
    expect(made('fleet-a', 'alive', 3_600_000)).toBe(false);
  });

  it('an unknown replica of the fleet: kept while brand new, removed after the dead period', () => {
    expect(made('fleet-a', 'never-beat', 1000)).toBe(false);
    expect(made('fleet-a', 'never-beat', REPLICA_DEAD_MS + 1000)).toBe(true);
  });

  it('another fleet\u2019s or nobody\u2019s things only past the horizon', () => {
    expect(made('fleet-b', 'dead', 3_600_000)).toBe(false);
    expect(made(undefined, undefined, 3_600_000)).toBe(false);
    expect(made('fleet-b', 'x', FOREIGN_HORIZON_MS + 1)).toBe(true);
    expect(made(undefined, undefined, FOREIGN_HORIZON_MS + 1)).toBe(true);
  });
});

describe('ImageSightings', () => {
  it('ages an image from when this janitor first saw it, not from its (cache-old) creation date', () => {
    const sightings = new ImageSightings();
    expect(sightings.ageOf('sha256:a', 1000)).toBe(0);
    expect(sightings.ageOf('sha256:a', 61_000)).toBe(60_000);
    sightings.keepOnly(new Set());
    expect(sightings.ageOf('sha256:a', 100_000)).toBe(0); // removed meanwhile, so seen anew
  });
});
