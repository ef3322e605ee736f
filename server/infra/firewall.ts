// The sandbox network's firewall, IPv4 and IPv6. An internal Docker network still reaches the
// host through its gateway address, and Docker's own rules for it silently DROP what leaves it,
// so a build step that tries the internet hangs until its timeout. Here:
//   - from the bridge to the host (INPUT): only the ports of the services the engines need (the
//     npm mirror, the image registry); everything else is REJECTed;
//   - from the bridge to anywhere else (FORWARD, through DOCKER-USER, which Docker evaluates
//     before its own rules): REJECTed, including other engines on the same bridge;
//   - IPv6: the same, with no port open (nothing builds need listens on IPv6).
// REJECT answers at once (TCP reset, ICMP unreachable), so a step that tries to reach anything
// else, DNS servers included, fails within a second instead of hanging.
//
// Safe to call at any time and as often as wanted (the supervisor calls it whenever the engines
// start): each chain is replaced in one iptables-restore transaction, so there is never a moment
// with the chain empty, and the jumps into it are added only when missing, under a lock so two
// callers at once do not add them twice.
import { config } from '../config.ts';
import { run } from './shell.ts';

const { firewallChain: inputChain, bridge } = config.infra;
const forwardChain = `${inputChain}-FWD`;
const LOCK = '/run/lock/multistage-lab-firewall.lock';

/**
 * Host ports open to the sandbox network: the npm mirror, and the image registry the engines
 * pull base images from (build steps reach only the mirror: each engine refuses the rest).
 */
const openHostPorts = (): number[] => [config.sandbox.registryPort, config.infra.imageRegistryPort];

interface Family {
  command: 'iptables' | 'ip6tables';
  reject: string;
  ports: number[];
}

function familyScript({ command, reject, ports }: Family): string {
  const refuseRest = (chain: string) => [`-A ${chain} -p tcp -j REJECT --reject-with tcp-reset`, `-A ${chain} -j REJECT --reject-with ${reject}`];
  const rules = [
    '*filter',
    `:${inputChain} - [0:0]`,
    ...ports.map((port) => `-A ${inputChain} -p tcp --dport ${port} -j ACCEPT`),
    ...refuseRest(inputChain),
    `:${forwardChain} - [0:0]`,
    ...refuseRest(forwardChain),
    'COMMIT',
  ].join('\n');
  return `
${command}-restore --noflush <<'RULES'
${rules}
RULES
hook() { ${command} -C "$@" 2>/dev/null || ${command} -I "$@"; }
hook INPUT -i ${bridge} -j ${inputChain}
if ${command} -n -L DOCKER-USER >/dev/null 2>&1; then hook DOCKER-USER -i ${bridge} -j ${forwardChain}
else hook FORWARD -i ${bridge} -j ${forwardChain}; fi
`;
}

/** The whole firewall as one shell script. */
function firewallScript(): string {
  const ipv4 = familyScript({ command: 'iptables', reject: 'icmp-port-unreachable', ports: openHostPorts() });
  const ipv6 = familyScript({ command: 'ip6tables', reject: 'icmp6-port-unreachable', ports: [] });
  return [
    'set -euo pipefail',
    ipv4,
    // A kernel without IPv6 has nothing to firewall; otherwise ip6tables is required.
    'if [ -d /proc/sys/net/ipv6 ]; then',
    ipv6,
    // And the bridge gets no IPv6 address at all: the host is not even addressable there.
    // (Docker recreates the bridge when it restarts, hence every call; the rules above stay.)
    `  if [ -e /proc/sys/net/ipv6/conf/${bridge}/disable_ipv6 ]; then echo 1 >/proc/sys/net/ipv6/conf/${bridge}/disable_ipv6; fi`,
    'fi',
  ].join('\n');
}

export async function ensureFirewall(): Promise<void> {
  await run(`mkdir -p ${LOCK.replace(/\/[^/]+$/, '')} && flock ${LOCK} bash -s`, { input: firewallScript() });
}
