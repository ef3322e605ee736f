// PUT /api/labs/:lab/drafts/:file saves a draft ({"text": "...", "base": 3}): 200 {version},
// or 409 {text, version} when another tab saved since version `base`. DELETE forgets it (the
// editor goes back to the starter). Only for the learner in the cookie.
import type { APIRoute } from 'astro';
import { z } from 'zod';
import { config } from '../../../../../../server/config.ts';
import { limitedText } from '../../../../../../shared/protocol/messages.ts';
import { readLimitedText } from '../../../../../../server/http/body-limit.ts';
import { labCatalog } from '../../../../../../server/labs/lab-catalog.ts';
import { knownLearner } from '../../../../../../server/progress/learner-visit.ts';
import { progressStore } from '../../../../../../server/progress/shared.ts';

export const prerender = false;

const draftSchema = z
  .object({
    text: limitedText(config.limits.dockerfileBytes, 'draft'),
    base: z.number().int().nonnegative().optional().describe('The draft version the page started from (0: none); absent: save regardless.'),
  })
  .strict();

type Target = { ok: true; lab: string; file: string; learner: string } | { ok: false; response: Response };

async function target(params: Record<string, string | undefined>, request: Request): Promise<Target> {
  const refuse = (status: number, error: string): Target => ({ ok: false, response: Response.json({ error }, { status }) });
  const lab = (await labCatalog()).get(params.lab ?? '');
  if (!lab) return refuse(404, `there is no lab "${params.lab}"`);
  const files = lab.definition.editors.map((e) => e.file);
  if (!files.includes(params.file ?? '')) return refuse(404, `file: expected one of ${files.join(', ')}, got "${params.file}"`);
  const learner = knownLearner(request.headers.get('cookie'));
  if (!learner) return refuse(401, 'no learner cookie: load the lab page first');
  return { ok: true, lab: lab.id, file: params.file!, learner };
}

export const PUT: APIRoute = async ({ params, request }) => {
  const found = await target(params, request);
  if (!found.ok) return found.response;
  const raw = await readLimitedText(request, config.limits.messageBytes);
  // Closing the connection drops the rest of an oversized body instead of reading it to reuse the connection.
  if (!raw.ok) return Response.json({ error: 'the draft is too large' }, { status: 413, headers: { Connection: 'close' } });
  let body: unknown;
  try {
    body = JSON.parse(raw.text);
  } catch {
    return Response.json({ error: 'the body is not valid JSON' }, { status: 400 });
  }
  const parsed = draftSchema.safeParse(body);
  if (!parsed.success) {
    return Response.json({ error: parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') }, { status: 400 });
  }
  const saved = progressStore().saveDraft(found.learner, found.lab, found.file, parsed.data.text, parsed.data.base);
  if (!saved.ok) return Response.json({ error: 'this draft was saved from another tab or window since', text: saved.text, version: saved.version }, { status: 409 });
  return Response.json({ version: saved.version });
};

export const DELETE: APIRoute = async ({ params, request }) => {
  const found = await target(params, request);
  if (!found.ok) return found.response;
  progressStore().deleteDraft(found.learner, found.lab, found.file);
  return new Response(null, { status: 204 });
};
