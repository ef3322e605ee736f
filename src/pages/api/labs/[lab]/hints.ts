// POST /api/labs/:lab/hints {"step", "checkpoint"}: reveals the checkpoint's next hint when
// the learner may read it (always in normal mode; in challenge mode after enough failed
// builds of the step), remembered per learner. Answers the lab's help (help.ts), or 403 with
// the failures so far and those needed.
import type { APIRoute } from 'astro';
import { z } from 'zod';
import { currentHelp, labWrite, noStore, refuse } from '../../../../../server/lab-help/help-request.ts';
import { helpStore } from '../../../../../server/lab-help/shared.ts';

export const prerender = false;

const id = z.string().min(1).max(100);
const bodySchema = z.object({ step: id.describe('A step id of the lab.'), checkpoint: id.describe('A checkpoint id of that step.') }).strict();

export const POST: APIRoute = async ({ params, request }) => {
  const found = await labWrite(params.lab, request, bodySchema);
  if (!found.ok) return found.response;
  const { step, checkpoint } = found.body;
  const checkpointDef = found.lab.definition.steps.find((s) => s.id === step)?.checkpoints.find((c) => c.id === checkpoint);
  if (!checkpointDef) return refuse(404, `the lab has no checkpoint "${checkpoint}" in a step "${step}"`).response;
  const lock = currentHelp(found.lab, found.learner).steps[step]!.hints;
  if (!lock.unlocked) {
    return Response.json({ error: `the hints of this step unlock after ${lock.needed} failed builds of it (${lock.failures} so far)`, failures: lock.failures, needed: lock.needed }, { status: 403, headers: noStore });
  }
  helpStore().revealHint(found.learner, found.lab.id, step, checkpoint, checkpointDef.hints.length);
  return Response.json(currentHelp(found.lab, found.learner), { headers: noStore });
};
