// GET /api/instructor/classes/:id/export.csv: the dashboard as a spreadsheet.
import type { APIRoute } from 'astro';
import { classCsv } from '../../../../../../server/classes/class-csv.ts';
import { dashboard } from '../../../../../../server/classes/dashboard.ts';
import { classStore } from '../../../../../../server/classes/shared.ts';
import { requireOwnClass } from '../../../../../../server/instructors/access.ts';
import { labCatalog } from '../../../../../../server/labs/lab-catalog.ts';

export const prerender = false;

export const GET: APIRoute = async ({ params, request }) => {
  const access = requireOwnClass(request, params.id);
  if (!access.ok) return access.response;
  const { columns, rows } = dashboard(classStore(), access.info, await labCatalog());
  const file = `${access.info.name.replace(/[^\w-]+/g, '-').replace(/^-|-$/g, '') || 'class'}.csv`;
  return new Response(classCsv(columns, rows), {
    headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${file}"`, 'Cache-Control': 'no-store' },
  });
};
