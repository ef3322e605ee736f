// What a request says about its client when a reverse proxy stands in front: believed only
// when the operator says there is one (MSLAB_TRUST_PROXY=1), since any client can send these
// headers itself.
import net from 'node:net';

type HeaderValue = string | string[] | null | undefined;

/** Whether to believe forwarded headers, and how many proxies of ours stand in front. */
export interface ProxyTrust {
  trustProxy: boolean;
  /** Proxies of ours that each append to X-Forwarded-For (MSLAB_TRUSTED_PROXY_HOPS). */
  trustedProxyHops: number;
}

/** A header's comma-separated entries, over all its lines, trimmed, blanks dropped. */
function entries(value: HeaderValue): string[] {
  const lines = Array.isArray(value) ? value : value ? [value] : [];
  return lines.flatMap((line) => line.split(',')).map((entry) => entry.trim()).filter(Boolean);
}

/**
 * The address the per-address caps and rate limits count: the socket's peer, or, behind
 * trusted proxies, the X-Forwarded-For entry the outermost of them added. Each proxy appends
 * the address it was reached from (nginx's `$proxy_add_x_forwarded_for`), so entries left of
 * that one were written by the client itself and prove nothing: with one proxy it is the last
 * entry, with `trustedProxyHops` n the n-th from the right. A header with fewer entries (the
 * request did not come through them all) or an entry that is not an IP address is not
 * believed: the peer counts.
 */
export function clientAddress(remoteAddress: string | undefined, forwardedFor: HeaderValue, proxy: ProxyTrust): string {
  const peer = remoteAddress ?? 'unknown';
  if (!proxy.trustProxy) return peer;
  const forwarded = entries(forwardedFor).at(-proxy.trustedProxyHops);
  return forwarded && net.isIP(forwarded) ? forwarded : peer;
}

/** Whether the page was served over HTTPS: TLS here, or a trusted proxy's X-Forwarded-Proto. */
export function servedOverHttps(encrypted: boolean, forwardedProto: HeaderValue, trustProxy: boolean): boolean {
  if (encrypted) return true;
  return trustProxy && entries(forwardedProto)[0]?.toLowerCase() === 'https';
}
