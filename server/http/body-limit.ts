// Reads a request body as text with a byte limit that holds while it streams in: a declared
// Content-Length over the limit is refused before reading anything, and a body that turns out
// longer is refused at the chunk that passes the limit. Nothing past the limit is buffered.

export type LimitedBody = { ok: true; text: string } | { ok: false; tooLarge: true };

export async function readLimitedText(request: Request, maxBytes: number): Promise<LimitedBody> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) return { ok: false, tooLarge: true };
  if (!request.body) return { ok: true, text: '' };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    // Stop reading without cancelling: cancelling destroys the socket before the 413 is sent.
    // The rest stays in the kernel's buffers until the server closes the connection.
    if (received > maxBytes) return { ok: false, tooLarge: true };
    chunks.push(value);
  }
  return { ok: true, text: Buffer.concat(chunks).toString('utf8') };
}
