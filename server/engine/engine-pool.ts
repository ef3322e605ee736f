// Sandbox engines are Docker endpoints; more capacity is more endpoints in the list. The pool
// knows each engine's health (it pings them) and tells its listeners when that changes; which
// build runs where is the scheduler's business (server/builds/scheduler.ts).
import Docker from 'dockerode';
import { emptyEngine } from './engine-recycle.ts';

/**
 * starting: not yet answered; healthy: takes builds; unhealthy: does not answer; draining: a
 * build hit a limit on it, no new builds until it is emptied; recycling: being emptied.
 */
export type EngineState = 'starting' | 'healthy' | 'unhealthy' | 'draining' | 'recycling';

export interface Engine {
  /** engine-0, engine-1 ...: what learners and monitors see; the endpoint stays internal. */
  name: string;
  endpoint: string;
  docker: Docker;
  state: EngineState;
  /** When the state last changed (ms since the epoch). */
  since: number;
}

export function dockerFor(endpoint: string): Docker {
  const url = new URL(endpoint);
  if (url.protocol === 'unix:') return new Docker({ socketPath: url.pathname });
  if (url.protocol === 'tcp:' || url.protocol === 'http:') {
    return new Docker({ host: url.hostname, port: Number(url.port || 2375), protocol: 'http' });
  }
  throw new Error(`unsupported sandbox endpoint "${endpoint}": use unix:///path or tcp://host:port`);
}

/** True when the engine answers within the time. (@types/dockerode lags: ping takes options.) */
export async function pingEngine(docker: Docker, timeoutMs: number): Promise<boolean> {
  const ping = docker.ping.bind(docker) as unknown as (options: { abortSignal: AbortSignal }) => Promise<unknown>;
  try {
    await ping({ abortSignal: AbortSignal.timeout(timeoutMs) });
    return true;
  } catch {
    return false;
  }
}

export interface PoolOptions {
  /** How long one ping may take before it counts as a failure. */
  pingTimeoutMs: number;
  /** Consecutive failed pings that take a healthy engine out of rotation (one blip is not a crash). */
  failuresToMarkDown: number;
  /** Empties an engine a build left at a limit. */
  empty: (engine: Engine) => Promise<void>;
}

/** A draining or recycling engine's state is the recycle's to change, not the health check's. */
const heldForRecycle = (engine: Engine) => engine.state === 'draining' || engine.state === 'recycling';

const defaults: PoolOptions = { pingTimeoutMs: 2000, failuresToMarkDown: 2, empty: (engine) => emptyEngine(engine.docker) };

export class EnginePool {
  readonly engines: readonly Engine[];
  private readonly options: PoolOptions;
  private readonly failures = new Map<Engine, number>();
  private readonly listeners = new Set<(engine: Engine) => void>();
  private readonly ping: (engine: Engine, timeoutMs: number) => Promise<boolean>;

  constructor(
    endpoints: readonly string[],
    options: Partial<PoolOptions> = {},
    /** Replaceable for unit tests; the real one pings the Docker endpoint. */
    ping: (engine: Engine, timeoutMs: number) => Promise<boolean> = (engine, timeoutMs) => pingEngine(engine.docker, timeoutMs),
  ) {
    if (endpoints.length === 0) throw new Error('no sandbox endpoints configured');
    this.options = { ...defaults, ...options };
    this.ping = ping;
    const now = Date.now();
    this.engines = endpoints.map((endpoint, i) => ({ name: `engine-${i}`, endpoint, docker: dockerFor(endpoint), state: 'starting', since: now }));
  }

  get healthy(): Engine[] {
    return this.engines.filter((e) => e.state === 'healthy');
  }

  /** Called with an engine whenever its state changes. Returns a function that unsubscribes. */
  onChange(listener: (engine: Engine) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Pings every engine once and updates their states. */
  async checkAll(): Promise<void> {
    await Promise.all(this.engines.map((engine) => this.check(engine)));
  }

  /** A build lost this engine: check it now instead of waiting for the next round. */
  reportFailure(engine: Engine): Promise<void> {
    this.failures.set(engine, Math.max(this.failures.get(engine) ?? 0, this.options.failuresToMarkDown - 1));
    return this.check(engine);
  }

  /** Checks now and then every `everyMs`; returns a function that stops it. */
  monitor(everyMs: number): () => void {
    void this.checkAll();
    const timer = setInterval(() => void this.checkAll(), everyMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  /** Takes the engine out of rotation until it has been emptied (see Scheduler: once its builds end). */
  drain(engine: Engine): void {
    if (engine.state !== 'recycling') this.setState(engine, 'draining');
  }

  /** Empties a drained engine, then puts it back once it answers. Never rejects. */
  async recycle(engine: Engine): Promise<void> {
    this.setState(engine, 'recycling');
    try {
      await this.options.empty(engine);
    } catch {
      // An engine that cannot even be emptied is looked at like any other: by its ping.
    }
    this.failures.delete(engine);
    this.setState(engine, 'starting');
    await this.check(engine);
  }

  private async check(engine: Engine): Promise<void> {
    if (heldForRecycle(engine)) return; // the recycle decides
    const up = await this.ping(engine, this.options.pingTimeoutMs);
    if (heldForRecycle(engine)) return;
    if (up) {
      this.failures.delete(engine);
      this.setState(engine, 'healthy');
      return;
    }
    const failures = (this.failures.get(engine) ?? 0) + 1;
    this.failures.set(engine, failures);
    if (engine.state !== 'healthy' || failures >= this.options.failuresToMarkDown) this.setState(engine, 'unhealthy');
  }

  private setState(engine: Engine, state: EngineState): void {
    if (engine.state === state) return;
    engine.state = state;
    engine.since = Date.now();
    for (const listener of this.listeners) listener(engine);
  }
}
