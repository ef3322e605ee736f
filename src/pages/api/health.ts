// GET /api/health: the view the scheduler uses, for the lab page, an operator and a monitor:
// each engine, the npm mirror and the progress database with its state and since when, and the
// wait line. 200 when builds can run, 503 when not.
import type { APIRoute } from 'astro';
import { services } from '../../../server/services.ts';

export const prerender = false;

export const GET: APIRoute = async () => {
  const report = (await services()).health();
  return Response.json(report, { status: report.ready ? 200 : 503, headers: { 'Cache-Control': 'no-store' } });
};
