// The sandbox engine itself: what root in a build step is, what the engine container may do,
// how fast a step that reaches for anything but the mirror is refused, the firewall, and that
// an engine killed mid-flight comes back by itself.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { config } from '../../server/config.ts';
import { dockerFor, pingEngine } from '../../server/engine/engine-pool.ts';
import { ensureFirewall } from '../../server/infra/firewall.ts';
import { ENGINE_CAPABILITIES, engineSocket, engineTarget, recycleEngine, removeEngine, scratchEngine, startEngine, type EngineTarget } from '../../server/infra/sandbox.ts';
import { BuildClient, isType, startBuildServer, type TestServer } from '../support/build-socket-client.ts';

const sh = async (file: string, ...args: string[]) => (await promisify(execFile)(file, args)).stdout;

let server: TestServer;
let client: BuildClient;
beforeAll(async () => {
  server = await startBuildServer();
  client = await BuildClient.connect(server.url);
});
afterAll(async () => {
  client.close();
  await server.close();
});

async function buildLog(dockerfile: string): Promise<{ ok: boolean; log: string }> {
  const { result, messages } = await client.build('multistage-node', dockerfile);
  const log = messages.map((r) => r.message).filter(isType('log')).map((m) => m.text).join('');
  return { ok: result.ok, log };
}

describe('a build step', () => {
  it('is root only in its own user namespace: host uid 100000, and it may write the files it copied', async () => {
    const { ok, log } = await buildLog(
      [
        'FROM node:18-alpine',
        'WORKDIR /app',
        'COPY package.json ./',
        `RUN cat /proc/self/uid_map && echo "uid $(id -u)" && stat -c 'owner %u' package.json && echo '{}' > package.json && echo WRITABLE # ${Date.now()}`,
        '',
      ].join('\n'),
    );
    expect(ok).toBe(true);
    expect(log).toMatch(/^\s*0\s+100000\s+65536\s*$/m);
    expect(log).toContain('uid 0');
    expect(log).toContain('owner 0');
    expect(log).toContain('WRITABLE');
  });

  it('is refused at once when it reaches for anything but the mirror (IPv4, IPv6, DNS, the host)', async () => {
    // Each probe prints its outcome and how long it took.
    const probe = [
      "const net=require('net'),dns=require('dns'),t=Date.now;",
      "const tcp=(h,p)=>new Promise(r=>{const s0=t(),s=net.connect({host:h,port:p});s.setTimeout(20000);",
      "const done=x=>{console.log('PROBE tcp',h+':'+p,x,t()-s0);s.destroy();r()};",
      "s.on('connect',()=>done('open'));s.on('timeout',()=>done('timeout'));s.on('error',e=>done(e.code))});",
      "const look=n=>new Promise(r=>{const s0=t();dns.lookup(n,(e,a)=>{console.log('PROBE dns',n,e?e.code:a,t()-s0);r()})});",
      '(async()=>{',
      "for(const n of ['example.com','registry.invalid','example.org'])await look(n);",
      `for(const [h,p] of [['93.184.216.34',80],['1.1.1.1',443],['8.8.8.8',53],['${config.infra.gateway}',22],['2606:4700:4700::1111',443]])await tcp(h,p);`,
      `await tcp('${config.infra.gateway}',${config.sandbox.registryPort});`,
      '})()',
    ].join('');
    const { ok, log } = await buildLog(['FROM node:18-alpine', `RUN node -e "${probe}" # ${Date.now()}`, ''].join('\n'));
    expect(ok).toBe(true);
    const probes = [...log.matchAll(/^PROBE (\w+) (\S+) (\S+) (\d+)$/gm)].map(([, kind, target, outcome, ms]) => ({ kind, target, outcome, ms: Number(ms) }));
    expect(probes).toHaveLength(9);
    const [mirror, ...others] = [probes.at(-1)!, ...probes.slice(0, -1)];
    expect(mirror.outcome).toBe('open');
    for (const p of others) {
      expect(p.outcome, `${p.kind} ${p.target}`).toMatch(/^(EAI_AGAIN|ENOTFOUND|ECONNREFUSED|ENETUNREACH|EHOSTUNREACH|EADDRNOTAVAIL)$/);
      expect(p.ms, `${p.kind} ${p.target} took ${p.ms} ms`).toBeLessThan(1500);
    }
  });
});

describe('the engine container', () => {
  it('runs unprivileged, with only the capabilities a nested dockerd needs and a seccomp profile', async () => {
    const [info] = JSON.parse(await sh('docker', 'inspect', config.infra.sandboxContainer)) as Array<{
      HostConfig: { Privileged: boolean; CapAdd: string[]; CapDrop: string[]; SecurityOpt: string[]; CgroupnsMode: string };
      State: { Pid: number };
    }>;
    expect(info!.HostConfig.Privileged).toBe(false);
    expect(info!.HostConfig.CapDrop).toEqual(['ALL']);
    expect(info!.HostConfig.CapAdd.map((c) => c.replace(/^CAP_/, '')).sort()).toEqual([...ENGINE_CAPABILITIES].sort());
    expect(info!.HostConfig.SecurityOpt.join(' ')).not.toContain('seccomp=unconfined');
    expect(info!.HostConfig.CgroupnsMode).toBe('private');
    // What the kernel says its first process holds: no module loading, raw I/O, clock or reboot.
    const capEff = BigInt(`0x${(await sh('grep', 'CapEff', `/proc/${info!.State.Pid}/status`)).split(':')[1]!.trim()}`);
    for (const [name, bit] of [['SYS_MODULE', 16], ['SYS_RAWIO', 17], ['SYS_BOOT', 22], ['SYS_TIME', 25], ['DAC_READ_SEARCH', 2]] as const) {
      expect(capEff & (1n << BigInt(bit)), name).toBe(0n);
    }
    expect(capEff & (1n << 21n), 'SYS_ADMIN').not.toBe(0n);
  });

  it('comes back by itself after its process is killed (no stale pid file), on a scratch engine', async () => {
    const name = `mslab-test-engine-${process.pid}`;
    const target: EngineTarget = { name, socketDir: fs.mkdtempSync(path.join(os.tmpdir(), 'mslab-engine-')), network: 'none', storage: { volume: `${name}-data` } };
    try {
      await startEngine(target);
      const pid = JSON.parse(await sh('docker', 'inspect', '--format', '{{json .State.Pid}}', name)) as number;
      process.kill(pid, 'SIGKILL'); // as an out-of-memory kill or a crash would
      const docker = dockerFor(`unix://${engineSocket(target)}`);
      const deadline = Date.now() + 30_000;
      let newPid = pid;
      while (Date.now() < deadline) {
        newPid = JSON.parse(await sh('docker', 'inspect', '--format', '{{json .State.Pid}}', name)) as number;
        if (newPid !== pid && newPid !== 0 && (await pingEngine(docker, 1000))) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      expect(newPid).not.toBe(pid);
      expect(await pingEngine(docker, 2000)).toBe(true);
    } finally {
      await sh('docker', 'rm', '-f', name).catch(() => '');
      await sh('docker', 'volume', 'rm', `${name}-data`).catch(() => '');
      fs.rmSync(target.socketDir, { recursive: true, force: true });
    }
  });
});

describe('the engine pool', () => {
  const bytes = (size: string) => Number.parseFloat(size) * 1024 ** ' KMGT'.indexOf(size.trim().slice(-1).toUpperCase());

  it('has one engine per slot, each with its own memory, CPU and process limits and its own fixed-size disk', async () => {
    expect(config.infra.engines).toBeGreaterThanOrEqual(1);
    for (let i = 0; i < config.infra.engines; i++) {
      const target = engineTarget(i);
      const [info] = JSON.parse(await sh('docker', 'inspect', target.name)) as Array<{
        HostConfig: { Memory: number; NanoCpus: number; PidsLimit: number };
        Mounts: Array<{ Type: string; Source: string; Destination: string }>;
      }>;
      expect(info!.HostConfig.Memory).toBeGreaterThan(0);
      expect(info!.HostConfig.NanoCpus).toBeGreaterThan(0);
      expect(info!.HostConfig.PidsLimit).toBeGreaterThan(0);
      const disk = 'disk' in target.storage ? target.storage.disk : '';
      expect(info!.Mounts.find((m) => m.Destination === '/var/lib/docker')).toMatchObject({ Type: 'bind', Source: `${disk}/data` });
      // Its own file system, of the configured size (ext4 keeps a little for itself).
      expect(await sh('findmnt', '-n', '-o', 'FSTYPE', disk)).toContain('ext4');
      const fsBytes = Number(fs.statfsSync(disk).blocks) * Number(fs.statfsSync(disk).bsize);
      expect(fsBytes / bytes(config.infra.engineDiskSize)).toBeGreaterThan(0.9);
      expect(fsBytes / bytes(config.infra.engineDiskSize)).toBeLessThanOrEqual(1);
      expect(await pingEngine(dockerFor(`unix://${engineSocket(target)}`), 2000)).toBe(true);
    }
  });

  it('recycles an engine to its prepared state: what a build left is gone, the base images are there', async () => {
    const target = scratchEngine(`mslab-test-recycle-${process.pid}`);
    const docker = ['-H', `unix://${engineSocket(target)}`];
    try {
      await startEngine(target);
      await sh('docker', ...docker, 'tag', 'alpine', 'left-behind:1');
      const t0 = Date.now();
      await recycleEngine(target);
      const seconds = (Date.now() - t0) / 1000;
      const images = await sh('docker', ...docker, 'images', '--format', '{{.Repository}}:{{.Tag}}');
      expect(images).not.toContain('left-behind');
      expect(images.split('\n')).toEqual(expect.arrayContaining(['node:18', 'node:18-alpine', 'golang:1.19', 'alpine:latest']));
      expect(seconds, 'a recycle copies a disk, it does not pull images').toBeLessThan(60);
    } finally {
      await removeEngine(target);
    }
  });
});

describe('the firewall', () => {
  const jumps = (rules: string, chain: string) => rules.split('\n').filter((r) => r.endsWith(`-i ${config.infra.bridge} -j ${chain}`));

  it('is set again safely, any number of times at once: one jump per hook, REJECT not DROP, IPv6 closed', async () => {
    await Promise.all([ensureFirewall(), ensureFirewall(), ensureFirewall()]);
    const chain = config.infra.firewallChain;
    const v4 = await sh('iptables', '-S');
    const v6 = await sh('ip6tables', '-S');
    expect(jumps(v4, chain)).toEqual([`-A INPUT -i ${config.infra.bridge} -j ${chain}`]);
    expect(jumps(v4, `${chain}-FWD`)).toHaveLength(1);
    expect(jumps(v6, chain)).toEqual([`-A INPUT -i ${config.infra.bridge} -j ${chain}`]);
    expect(jumps(v6, `${chain}-FWD`)).toEqual([`-A FORWARD -i ${config.infra.bridge} -j ${chain}-FWD`]);
    const v4Input = await sh('iptables', '-S', chain);
    expect(v4Input).toContain(`--dport ${config.sandbox.registryPort} -j ACCEPT`);
    expect(v4Input).toContain('-j REJECT --reject-with tcp-reset');
    expect(`${v4}\n${v6}`).not.toMatch(new RegExp(`-A ${chain}(-FWD)? .*-j DROP`));
    // Nothing is open on IPv6.
    expect(await sh('ip6tables', '-S', chain)).not.toContain('ACCEPT');
  });
});
