// What a request says about its client when a reverse proxy stands in front: believed only
// when the operator says there is one (MSLAB_TRUST_PROXY=1), since any client can send these
// headers itself.
import net from 'node:net';

type HeaderValue = string | string[] | null | undefined;

/** The first comma-separated entry of a header (the hop nearest the original client). */
function firstEntry(value: HeaderValue): string | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  const first = raw?.split(',')[0]?.trim();
  return first ? first : undefined;
}

/**
 * The address the per-address caps count: the socket's peer, or, behind a trusted proxy, the
 * first X-Forwarded-For hop. A forwarded value that is not an IP address is ignored.
 */
export function clientAddress(remoteAddress: string | undefined, forwardedFor: HeaderValue, trustProxy: boolean): string {
  const forwarded = trustProxy ? firstEntry(forwardedFor) : undefined;
  if (forwarded && net.isIP(forwarded)) return forwarded;
  return remoteAddress ?? 'unknown';
}

/** Whether the page was served over HTTPS: TLS here, or a trusted proxy's X-Forwarded-Proto. */
export function servedOverHttps(encrypted: boolean, forwardedProto: HeaderValue, trustProxy: boolean): boolean {
  if (encrypted) return true;
  return trustProxy && firstEntry(forwardedProto)?.toLowerCase() === 'https';
}
