// GET /api/labs/:lab/solutions/:file: the lab's solution of that editor file, when the learner
// may read it (always in normal mode; in challenge mode after enough failed builds, or once
// the file's steps pass): {file, text}, or 403 with the failures so far and those needed.
import type { APIRoute } from 'astro';
import { currentHelp, labLearner, noStore, refuse } from '../../../../../../server/lab-help/help-request.ts';

export const prerender = false;

export const GET: APIRoute = async ({ params, request }) => {
  const found = await labLearner(params.lab, request);
  if (!found.ok) return found.response;
  const file = params.file ?? '';
  const files = found.lab.definition.editors.map((e) => e.file);
  if (!files.includes(file)) return refuse(404, `file: expected one of ${files.join(', ')}, got "${file}"`).response;
  const lock = currentHelp(found.lab, found.learner).solutions[file]!;
  if (!lock.unlocked) {
    return Response.json({ error: `the solution unlocks after ${lock.needed} failed builds of a step of ${file} (${lock.failures} so far)`, failures: lock.failures, needed: lock.needed }, { status: 403, headers: noStore });
  }
  return Response.json({ file, text: found.lab.solutions[file] ?? found.lab.starters[file] ?? '' }, { headers: noStore });
};
