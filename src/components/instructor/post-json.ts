// A JSON request from the instructor and join pages: ok, or the server's error in words.
export async function postJson(url: string, body?: unknown, method = 'POST'): Promise<{ ok: true; value: unknown } | { ok: false; error: string }> {
  try {
    const response = await fetch(url, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const value: unknown = response.status === 204 ? null : await response.json().catch(() => null);
    if (response.ok) return { ok: true, value };
    const error = (value as { error?: unknown } | null)?.error;
    return { ok: false, error: typeof error === 'string' ? error : `the server answered ${response.status}` };
  } catch {
    return { ok: false, error: 'the server cannot be reached; try again' };
  }
}
