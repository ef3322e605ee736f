// A small JSON request body, read within a byte limit and validated by a schema: the value,
// or the response that says what is wrong (413, 400 with the field).
import type { z } from 'zod';
import { readLimitedText } from '../http/body-limit.ts';

/** Every instructor and class request body is a few short fields. */
export const MAX_BODY_BYTES = 8 * 1024;

export async function jsonBody<S extends z.ZodType>(request: Request, schema: S): Promise<{ ok: true; value: z.infer<S> } | { ok: false; response: Response }> {
  const raw = await readLimitedText(request, MAX_BODY_BYTES);
  if (!raw.ok) return { ok: false, response: Response.json({ error: `request bodies here are limited to ${MAX_BODY_BYTES} bytes` }, { status: 413, headers: { Connection: 'close' } }) };
  let body: unknown;
  try {
    body = JSON.parse(raw.text);
  } catch {
    return { ok: false, response: Response.json({ error: 'the body is not valid JSON' }, { status: 400 }) };
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    return { ok: false, response: Response.json({ error: parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') }, { status: 400 }) };
  }
  return { ok: true, value: parsed.data };
}
