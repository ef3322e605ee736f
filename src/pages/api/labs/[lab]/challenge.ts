// PUT /api/labs/:lab/challenge {"on": true}: turns the learner's challenge mode for this lab
// on or off (remembered per learner); answers the lab's help as it is now (see help.ts).
import type { APIRoute } from 'astro';
import { z } from 'zod';
import { jsonBody } from '../../../../../server/classes/request-body.ts';
import { currentHelp, labLearner, noStore, writeAllowed } from '../../../../../server/lab-help/help-request.ts';
import { helpStore } from '../../../../../server/lab-help/shared.ts';

export const prerender = false;

const bodySchema = z.object({ on: z.boolean().describe('Challenge mode: goal-only checkpoints, hints and solution earned by trying.') }).strict();

export const PUT: APIRoute = async ({ params, request }) => {
  const found = await labLearner(params.lab, request);
  if (!found.ok) return found.response;
  const allowed = writeAllowed(found.learner);
  if (!allowed.ok) return allowed.response;
  const body = await jsonBody(request, bodySchema);
  if (!body.ok) return body.response;
  helpStore().setChallenge(found.learner, found.lab.id, body.value.on);
  return Response.json(currentHelp(found.lab, found.learner), { headers: noStore });
};
