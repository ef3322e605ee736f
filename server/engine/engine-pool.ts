// Sandbox engines are Docker endpoints; more capacity is more endpoints in the list.
// Each has a fixed number of build slots; a build takes the least busy engine.
import Docker from 'dockerode';

export interface Engine {
  endpoint: string;
  docker: Docker;
  active: number;
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

export class EnginePool {
  readonly engines: Engine[];
  readonly slotsPerEngine: number;

  constructor(endpoints: readonly string[], slotsPerEngine: number) {
    this.slotsPerEngine = slotsPerEngine;
    if (endpoints.length === 0) throw new Error('no sandbox endpoints configured');
    this.engines = endpoints.map((endpoint) => ({ endpoint, docker: dockerFor(endpoint), active: 0 }));
  }

  get capacity(): number {
    return this.engines.length * this.slotsPerEngine;
  }

  /** Callers hold a queue slot, so a free engine slot always exists. */
  acquire(): Engine {
    const engine = this.engines.reduce((a, b) => (b.active < a.active ? b : a));
    if (engine.active >= this.slotsPerEngine) throw new Error('engine pool over capacity');
    engine.active += 1;
    return engine;
  }

  release(engine: Engine): void {
    engine.active = Math.max(0, engine.active - 1);
  }
}
