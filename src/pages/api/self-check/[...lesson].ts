// GET /api/self-check/<chapter>/<lesson>: the learner's answers to that lesson's self-check
// ({answers: {question id: choice}}); like the progress route, it gives a first visitor their
// learner cookie (a lesson without a lab loads nothing else), rate limited per address. PUT {"question", "choice"} keeps one answer (the latest
// counts) and answers the same. Questions come from the lesson's frontmatter, so an unknown
// question or a choice it does not have is refused (404, 400).
import type { APIRoute } from 'astro';
import { z } from 'zod';
import { jsonBody } from '../../../../server/classes/request-body.ts';
import { cookieLearner, noStore, refuse, writeAllowed } from '../../../../server/lab-help/help-request.ts';
import { selfCheckStore } from '../../../../server/self-check/shared.ts';
import { config } from '../../../../server/config.ts';
import { clientAddress, servedOverHttps } from '../../../../server/http/proxy-headers.ts';
import { visit } from '../../../../server/progress/learner-visit.ts';
import { lessonAt, lessonSlug } from '../../../lessons.ts';

export const prerender = false;

const bodySchema = z
  .object({
    question: z.string().min(1).max(100).describe("A question id of the lesson's selfCheck."),
    choice: z.number().int().nonnegative().describe('Index of the choice picked, from 0.'),
  })
  .strict();

async function selfCheckAt(path: string | undefined) {
  const lesson = await lessonAt(path ?? '');
  return lesson?.data.selfCheck ? { key: lessonSlug(lesson), questions: lesson.data.selfCheck } : undefined;
}

async function target(params: Record<string, string | undefined>, request: Request) {
  const check = await selfCheckAt(params.lesson);
  if (!check) return refuse(404, `there is no self-check at "${params.lesson}"`);
  const who = cookieLearner(request);
  return who.ok ? { ok: true as const, ...check, learner: who.learner } : who;
}

export const GET: APIRoute = async ({ params, request, url, clientAddress: peer }) => {
  const check = await selfCheckAt(params.lesson);
  if (!check) return refuse(404, `there is no self-check at "${params.lesson}"`).response;
  const secure = servedOverHttps(url.protocol === 'https:', request.headers.get('x-forwarded-proto'), config.frontDoor.trustProxy);
  const visited = visit(request.headers.get('cookie'), secure, clientAddress(peer, request.headers.get('x-forwarded-for'), config.frontDoor));
  if (!visited.ok) return visited.response;
  return Response.json({ answers: selfCheckStore().answers(visited.learner, check.key) }, { headers: { ...noStore, 'Set-Cookie': visited.setCookie } });
};

export const PUT: APIRoute = async ({ params, request }) => {
  const found = await target(params, request);
  if (!found.ok) return found.response;
  const allowed = writeAllowed(found.learner);
  if (!allowed.ok) return allowed.response;
  const body = await jsonBody(request, bodySchema);
  if (!body.ok) return body.response;
  const question = found.questions.find((q) => q.id === body.value.question);
  if (!question) return refuse(404, `the lesson has no question "${body.value.question}"`).response;
  if (body.value.choice >= question.choices.length) return refuse(400, `choice: expected 0 to ${question.choices.length - 1}`).response;
  selfCheckStore().answer(found.learner, found.key, question.id, body.value.choice);
  return Response.json({ answers: selfCheckStore().answers(found.learner, found.key) }, { headers: noStore });
};
