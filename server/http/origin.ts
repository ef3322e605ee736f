// Cross-site WebSocket hijacking guard: a page from another site must not open the build
// socket with the learner's cookie. Browsers always send Origin on a WebSocket upgrade.

/** An http(s) URL, or undefined when the text is not one (e.g. "null", garbage). */
function webUrl(text: string): URL | undefined {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether a browser page of `origin` may use this site's socket: it is the site itself (same
 * host as the request's Host header, default ports folded) or one of the configured origins.
 * No Origin header means no browser is involved (a script or a test client); such a client
 * must still show a learner cookie, so it is allowed here.
 */
export function originAllowed(origin: string | undefined, host: string | undefined, allowedOrigins: readonly string[]): boolean {
  if (origin === undefined) return true;
  const from = webUrl(origin);
  if (!from) return false;
  if (allowedOrigins.some((allowed) => webUrl(allowed)?.origin === from.origin)) return true;
  // Host read with the origin's scheme, so that "site:443" and "https://site" agree.
  return host !== undefined && webUrl(`${from.protocol}//${host}`)?.host === from.host;
}
