import { describe, expect, it } from 'vitest';
import { dockerFor, EnginePool } from './engine-pool.ts';

describe('EnginePool', () => {
  it('understands unix and tcp endpoints and refuses others', () => {
    const modem = (endpoint: string) => dockerFor(endpoint).modem as unknown as { socketPath?: string; host?: string; port?: number };
    expect(modem('unix:///run/sandbox/docker.sock').socketPath).toBe('/run/sandbox/docker.sock');
    expect(modem('tcp://10.0.0.5:2375')).toMatchObject({ host: '10.0.0.5', port: 2375 });
    expect(() => dockerFor('ssh://host')).toThrow(/unsupported sandbox endpoint/);
  });

  it('spreads builds over the least busy engine and never over capacity', () => {
    const pool = new EnginePool(['unix:///a.sock', 'unix:///b.sock'], 2);
    expect(pool.capacity).toBe(4);
    const taken = [pool.acquire(), pool.acquire(), pool.acquire(), pool.acquire()];
    expect(taken.map((e) => e.endpoint).sort()).toEqual(['unix:///a.sock', 'unix:///a.sock', 'unix:///b.sock', 'unix:///b.sock']);
    expect(() => pool.acquire()).toThrow(/over capacity/);
    pool.release(taken[0]!);
    expect(pool.acquire().endpoint).toBe(taken[0]!.endpoint);
  });
});
