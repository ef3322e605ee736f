// The sandbox network's firewall (rules: server/infra/firewall.ts). Rules do not survive a
// reboot, and a host engine that restarts rewrites its own chains: the check looks for the
// jumps into our chains, and a missing one sets the whole firewall again.
import { config } from '../../config.ts';
import { ensureFirewall } from '../../infra/firewall.ts';
import { succeeds } from '../../infra/shell.ts';
import type { Unit } from '../unit.ts';

export class FirewallUnit implements Unit {
  readonly name = 'firewall';

  start(): Promise<void> {
    return ensureFirewall();
  }

  async check(): Promise<string | undefined> {
    const { bridge, firewallChain } = config.infra;
    const ipv6 = '[ ! -d /proc/sys/net/ipv6 ] || ip6tables -C INPUT -i ' + bridge + ' -j ' + firewallChain;
    const present = await succeeds(`iptables -C INPUT -i ${bridge} -j ${firewallChain} && { ${ipv6}; }`);
    return present ? undefined : `the jump from INPUT into ${firewallChain} is missing`;
  }

  async stop(): Promise<void> {}
}
