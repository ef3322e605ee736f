// GET /api/instructor/classes/:id/events: the dashboard's live rows as server-sent events
// (server/classes/dashboard-stream.ts).
import type { APIRoute } from 'astro';
import { config } from '../../../../../../server/config.ts';
import { dashboardStream } from '../../../../../../server/classes/dashboard-stream.ts';
import { classFeed, classStore } from '../../../../../../server/classes/shared.ts';
import { refuse, requireOwnClass } from '../../../../../../server/instructors/access.ts';
import { labCatalog } from '../../../../../../server/labs/lab-catalog.ts';

export const prerender = false;

export const GET: APIRoute = async ({ params, request }) => {
  const access = requireOwnClass(request, params.id);
  if (!access.ok) return access.response;
  const feed = classFeed();
  if (feed.subscribers >= config.classes.dashboards) return refuse(503, 'too many dashboards are open on this server; try again in a minute', { 'Retry-After': '60' });
  const body = dashboardStream(access.info, { store: classStore(), feed, labs: await labCatalog() }, request.signal);
  return new Response(body, { headers: { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', 'X-Accel-Buffering': 'no' } });
};
