// GET /api/instructor/classes: the instructor's classes. POST {name, labs}: a new class, with
// its join code and link.
import type { APIRoute } from 'astro';
import { config } from '../../../../../server/config.ts';
import { spokenCode } from '../../../../../server/classes/class-code.ts';
import { newClassSchema } from '../../../../../server/classes/class-requests.ts';
import { jsonBody } from '../../../../../server/classes/request-body.ts';
import { classStore } from '../../../../../server/classes/shared.ts';
import { refuse, requireInstructor } from '../../../../../server/instructors/access.ts';
import { labCatalog } from '../../../../../server/labs/lab-catalog.ts';

export const prerender = false;

const noStore = { 'Cache-Control': 'no-store' };

export const GET: APIRoute = ({ request }) => {
  const access = requireInstructor(request);
  if (!access.ok) return access.response;
  const classes = classStore()
    .classesOf(access.instructor.id)
    .map((c) => ({ id: c.id, name: c.name, code: spokenCode(c.code), joinPath: `/join/${c.code}/`, labs: c.labs, members: c.members, createdAt: c.createdAt }));
  return Response.json({ instructor: { name: access.instructor.name, email: access.instructor.email }, classes }, { headers: noStore });
};

export const POST: APIRoute = async ({ request }) => {
  const access = requireInstructor(request, true);
  if (!access.ok) return access.response;
  const body = await jsonBody(request, newClassSchema);
  if (!body.ok) return body.response;
  const labs = await labCatalog();
  const unknown = body.value.labs.filter((id) => !labs.has(id));
  if (unknown.length > 0) return refuse(400, `labs: there is no lab ${unknown.join(', ')} (labs: ${[...labs.keys()].join(', ')})`);
  const store = classStore();
  if (store.countClassesOf(access.instructor.id) >= config.classes.classesPerInstructor) {
    return refuse(409, `you have ${config.classes.classesPerInstructor} classes already: delete one first`);
  }
  const info = store.createClass(access.instructor.id, body.value.name, [...new Set(body.value.labs)]);
  return Response.json({ id: info.id, name: info.name, code: spokenCode(info.code), joinPath: `/join/${info.code}/` }, { status: 201, headers: noStore });
};
