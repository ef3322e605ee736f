// GET /api/health: whether the sandbox engines answer. The lab page shows it before a build.
import type { APIRoute } from 'astro';
import { config } from '../../../server/config.ts';
import { EnginePool } from '../../../server/build/engine-pool.ts';

export const prerender = false;

const pool = new EnginePool(config.sandbox.endpoints, config.sandbox.concurrencyPerEndpoint);

export const GET: APIRoute = async () => {
  const engines = await Promise.all(
    pool.engines.map(async (engine) => {
      try {
        await engine.docker.ping({ abortSignal: AbortSignal.timeout(2000) });
        return { ready: true };
      } catch {
        return { ready: false };
      }
    }),
  );
  const ready = engines.some((e) => e.ready);
  return Response.json({ ready, engines: engines.length, readyEngines: engines.filter((e) => e.ready).length }, { status: ready ? 200 : 503, headers: { 'Cache-Control': 'no-store' } });
};
