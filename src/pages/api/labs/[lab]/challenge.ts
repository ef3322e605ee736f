// PUT /api/labs/:lab/challenge {"on": true}: turns the learner's challenge mode for this lab
// on or off (remembered per learner); answers the lab's help as it is now (see help.ts).
import type { APIRoute } from 'astro';
import { z } from 'zod';
import { currentHelp, labWrite, noStore } from '../../../../../server/lab-help/help-request.ts';
import { helpStore } from '../../../../../server/lab-help/shared.ts';

export const prerender = false;

const bodySchema = z.object({ on: z.boolean().describe('Challenge mode: goal-only checkpoints, hints and solution earned by trying.') }).strict();

export const PUT: APIRoute = async ({ params, request }) => {
  const found = await labWrite(params.lab, request, bodySchema);
  if (!found.ok) return found.response;
  helpStore().setChallenge(found.learner, found.lab.id, found.body.on);
  return Response.json(currentHelp(found.lab, found.learner), { headers: noStore });
};
