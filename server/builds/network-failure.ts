// Builds reach the course's npm mirror and nothing else. A step that tries anything else fails
// fast (the firewall rejects, unknown names do not resolve), but with each tool's own words:
// this recognises them in a step's log, so the build can say once what the sandbox offers.

/** What npm, node, curl, wget, apt, git, pip and go print when a name or address is out of reach. */
const NETWORK_FAILURE = new RegExp(
  [
    '\\bE(NOTFOUND|AI_AGAIN|CONNREFUSED|CONNRESET|TIMEDOUT|NETUNREACH|HOSTUNREACH)\\b', // node, npm
    '\\bnpm (ERR!|error) network\\b',
    '\\bnpm (ERR!|error) code E(NOTFOUND|AI_AGAIN|CONNREFUSED|TIMEDOUT)\\b',
    '[Cc]ould not resolve host', // curl, git
    '[Cc]ould not resolve hostname', // ssh, git over ssh
    'Failed to connect to \\S+ port \\d+', // curl
    'unable to resolve host address', // GNU wget
    'wget: bad address', // busybox wget
    'nc: bad address', // busybox nc
    '[Tt]emporary failure (in name resolution|resolving)', // getaddrinfo, apt
    '\\bdial tcp\\b', // go
    '\\blookup \\S+( on \\S+)?: (no such host|server misbehaving)', // go's resolver
    'Failed to establish a new connection', // pip
    '[Nn]etwork is unreachable',
  ].join('|'),
);

export const isNetworkFailure = (logText: string): boolean => NETWORK_FAILURE.test(logText);

/** Told once per build, the first time a step's log shows a network failure. */
export function noInternetNote(registryHost: string, registryPort: number): string {
  const mirror = `http://${registryHost}:${registryPort}/`;
  return (
    `note: builds here have no internet. They reach only the course's npm mirror, ${mirror}. ` +
    `npm uses it through the lab's .npmrc (registry=${mirror}): COPY .npmrc along with package.json before RUN npm ci. ` +
    'Anything else (apt, go modules, curl, git) cannot be downloaded here: put what it would fetch in the build context.\n'
  );
}

/** Watches a build's log as it streams: a failure may be split across two chunks. */
export class NetworkFailureWatch {
  private tail = '';
  private seen = false;

  /** True the first time the log so far shows a network failure, never again. */
  sees(text: string): boolean {
    if (this.seen) return false;
    const window = this.tail + text;
    this.tail = window.slice(-200);
    this.seen = isNetworkFailure(window);
    return this.seen;
  }
}
