// GET /api/health: whether the sandbox engines answer. The lab page shows it before a build.
import type { APIRoute } from 'astro';
import { config } from '../../../server/config.ts';
import { EnginePool, pingEngine } from '../../../server/engine/engine-pool.ts';

export const prerender = false;

const pool = new EnginePool(config.sandbox.endpoints, config.sandbox.concurrencyPerEndpoint);

export const GET: APIRoute = async () => {
  const answers = await Promise.all(pool.engines.map((engine) => pingEngine(engine.docker, 2000)));
  const readyEngines = answers.filter(Boolean).length;
  return Response.json(
    { ready: readyEngines > 0, engines: answers.length, readyEngines },
    { status: readyEngines > 0 ? 200 : 503, headers: { 'Cache-Control': 'no-store' } },
  );
};
