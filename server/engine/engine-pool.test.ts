import { describe, expect, it } from 'vitest';
import { dockerFor, EnginePool, type Engine } from './engine-pool.ts';

describe('dockerFor', () => {
  it('understands unix and tcp endpoints and refuses others', () => {
    const modem = (endpoint: string) => dockerFor(endpoint).modem as unknown as { socketPath?: string; host?: string; port?: number };
    expect(modem('unix:///run/sandbox/docker.sock').socketPath).toBe('/run/sandbox/docker.sock');
    expect(modem('tcp://10.0.0.5:2375')).toMatchObject({ host: '10.0.0.5', port: 2375 });
    expect(() => dockerFor('ssh://host')).toThrow(/unsupported sandbox endpoint/);
  });
});

describe('EnginePool health', () => {
  const poolWith = (answers: Map<string, boolean>) =>
    new EnginePool(['unix:///a.sock', 'unix:///b.sock'], { failuresToMarkDown: 2 }, async (engine) => answers.get(engine.endpoint) ?? false);

  it('starts engines as starting and marks them healthy when they answer', async () => {
    const answers = new Map([['unix:///a.sock', true], ['unix:///b.sock', false]]);
    const pool = poolWith(answers);
    expect(pool.engines.map((e) => e.state)).toEqual(['starting', 'starting']);
    await pool.checkAll();
    expect(pool.engines.map((e) => [e.name, e.state])).toEqual([['engine-0', 'healthy'], ['engine-1', 'unhealthy']]);
    expect(pool.healthy.map((e) => e.name)).toEqual(['engine-0']);
  });

  it('takes a healthy engine out after two failed pings, and back when it answers; listeners hear each change', async () => {
    const answers = new Map([['unix:///a.sock', true], ['unix:///b.sock', true]]);
    const pool = poolWith(answers);
    const changes: string[] = [];
    pool.onChange((e: Engine) => changes.push(`${e.name}:${e.state}`));
    await pool.checkAll();
    answers.set('unix:///a.sock', false);
    await pool.checkAll();
    expect(pool.engines[0]!.state).toBe('healthy'); // one blip is not a crash
    await pool.checkAll();
    expect(pool.engines[0]!.state).toBe('unhealthy');
    const downSince = pool.engines[0]!.since;
    answers.set('unix:///a.sock', true);
    await pool.checkAll();
    expect(pool.engines[0]!.state).toBe('healthy');
    expect(pool.engines[0]!.since).toBeGreaterThanOrEqual(downSince);
    expect(changes).toEqual(['engine-0:healthy', 'engine-1:healthy', 'engine-0:unhealthy', 'engine-0:healthy']);
  });

  it('takes an engine out at once when a build reports it lost and the ping agrees', async () => {
    const answers = new Map([['unix:///a.sock', true], ['unix:///b.sock', true]]);
    const pool = poolWith(answers);
    await pool.checkAll();
    answers.set('unix:///b.sock', false);
    await pool.reportFailure(pool.engines[1]!);
    expect(pool.engines[1]!.state).toBe('unhealthy');
  });
});

describe('EnginePool recycling', () => {
  it('a drained engine takes no builds, ignores pings while it is emptied, and comes back when it answers', async () => {
    const emptied: string[] = [];
    let release!: () => void;
    const pool = new EnginePool(['unix:///a.sock'], { empty: (engine) => new Promise<void>((resolve) => ((release = resolve), emptied.push(engine.name))) }, async () => true);
    await pool.checkAll();
    const engine = pool.engines[0]!;
    pool.drain(engine);
    expect(pool.healthy).toEqual([]);
    await pool.checkAll();
    expect(engine.state).toBe('draining'); // a ping does not put it back
    const recycled = pool.recycle(engine);
    expect(engine.state).toBe('recycling');
    await pool.checkAll();
    expect(engine.state).toBe('recycling');
    release();
    await recycled;
    expect(emptied).toEqual(['engine-0']);
    expect(engine.state).toBe('healthy');
  });
});
