// GET a JSON answer of this site's API, validated with its zod schema. A refusal's message is
// the server's own, written for the learner; anything else says what went wrong in words.
import type { z } from 'zod';

export async function getJson<T>(url: string, schema: z.ZodType<T>): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { credentials: 'same-origin', cache: 'no-store' });
  } catch {
    throw new Error('the server did not answer');
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const said = (body as { error?: unknown } | undefined)?.error;
    throw new Error(typeof said === 'string' ? said : `HTTP ${response.status}`);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new Error('the server answered something this page does not understand');
  return parsed.data;
}
