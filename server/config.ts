// Every limit and name the server and the infrastructure share, in one place.
// Each value can be overridden by an environment variable of the same name.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: found by walking up, since Astro may run this file from dist/. */
function findProjectRoot(from: string): string {
  for (let dir = from; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).name === 'multistage-lab') return dir;
  }
  throw new Error(`cannot find the multistage-lab folder above ${from}`);
}

export const projectRoot = process.env.MSLAB_ROOT ?? findProjectRoot(path.dirname(fileURLToPath(import.meta.url)));

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`${name} must be a positive integer, got "${raw}"`);
  }
  return value;
}

function stringFromEnv(name: string, fallback: string): string {
  const raw = process.env[name];
  return raw === undefined || raw === '' ? fallback : raw;
}

/** A list setting: comma-separated, blanks dropped. */
function listFromEnv(name: string): string[] {
  return (process.env[name] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function flagFromEnv(name: string): boolean {
  const raw = process.env[name];
  if (raw === undefined || raw === '' || raw === '0') return false;
  if (raw === '1') return true;
  throw new Error(`${name} must be 0 or 1, got "${raw}"`);
}

const cacheDir = stringFromEnv('MSLAB_CACHE_DIR', path.join(projectRoot, '.cache'));

/**
 * Host resources (network, bridge, subnet, firewall chain, engine containers and their
 * sockets) are named per instance, so two checkouts on one host, each with its own
 * MSLAB_INSTANCE, never touch each other's engines. The default instance keeps the original
 * names. A subnet that clashes with something else on the host: MSLAB_SANDBOX_SUBNET=a.b.c.0/24.
 */
function instanceNames(instance: string) {
  if (!/^[a-z0-9]{1,8}$/.test(instance)) throw new Error(`MSLAB_INSTANCE must be 1-8 lowercase letters or digits, got "${instance}"`);
  const subnet = process.env.MSLAB_SANDBOX_SUBNET;
  if (subnet && !/^\d{1,3}\.\d{1,3}\.\d{1,3}\.0\/24$/.test(subnet)) throw new Error(`MSLAB_SANDBOX_SUBNET must look like 10.213.7.0/24, got "${subnet}"`);
  // Another instance's third byte comes from its name: stable, and unlikely to meet another's.
  const third = instance === 'default' ? 0 : 1 + (crypto.createHash('sha256').update(instance).digest().readUInt16BE(0) % 254);
  const subnetPrefix = subnet ? subnet.replace(/\.0\/24$/, '') : `10.213.${third}`;
  if (instance === 'default') return { prefix: 'mslab-sandbox', network: 'mslab-sandbox-net', bridge: 'mslab0', chain: 'MSLAB-SANDBOX', subnetPrefix };
  return { prefix: `mslab-${instance}`, network: `mslab-${instance}-net`, bridge: `msl-${instance}`, chain: `MSLAB-${instance.toUpperCase()}`, subnetPrefix };
}

const instance = stringFromEnv('MSLAB_INSTANCE', 'default');
const names = instanceNames(instance);
/** Sandbox engines on this machine: one build each (see README, Sandbox). */
const engineCount = intFromEnv('MSLAB_SANDBOX_ENGINES', 1);
const engineIndexes = Array.from({ length: engineCount }, (_, i) => i);
const engineContainer = (i: number) => `${names.prefix}-${i}`;
const engineSocketDir = (i: number) => path.join(cacheDir, instance === 'default' ? `sandbox-${i}` : `sandbox-${instance}-${i}`);

export const config = {
  /** HTTP + WebSocket port of the site. */
  port: intFromEnv('PORT', 4321),
  host: stringFromEnv('HOST', '127.0.0.1'),
  /** Where prepared root filesystems, npm tarballs and the mirror's storage live. */
  cacheDir,
  labsDir: path.join(projectRoot, 'labs'),
  /** The built site (`astro build` writes it; astro.config.mjs reads the same variable). */
  distDir: path.resolve(projectRoot, stringFromEnv('MSLAB_DIST_DIR', 'dist')),
  /** The progress database (SQLite); every replica of the server must point at the same one. */
  progressDb: stringFromEnv('MSLAB_DB', path.join(projectRoot, '.data', 'progress.sqlite')),
  /**
   * Learners who never built anything and were not seen for this many days are forgotten,
   * drafts and all (their cookie expires at the same time); learners with builds are kept.
   */
  anonymousLearnerTtlDays: intFromEnv('MSLAB_ANONYMOUS_TTL_DAYS', 30),

  limits: {
    /** A Dockerfile longer than this is not a lesson exercise; refuse it before building. */
    dockerfileBytes: intFromEnv('MSLAB_MAX_DOCKERFILE_BYTES', 64 * 1024),
    /** Largest WebSocket frame accepted: a Dockerfile plus JSON framing. */
    messageBytes: intFromEnv('MSLAB_MAX_MESSAGE_BYTES', 96 * 1024),
    /** Whole build context (lab files + learner files) sent to the engine. */
    contextBytes: intFromEnv('MSLAB_MAX_CONTEXT_BYTES', 8 * 1024 * 1024),
    /** Wall clock for one build, queue time excluded. The lab builds take 5-40 s. */
    buildSeconds: intFromEnv('MSLAB_BUILD_TIMEOUT_SECONDS', 300),
    /** Log bytes forwarded to the page per build; BuildKit itself clips a step at 2 MiB. */
    logBytes: intFromEnv('MSLAB_MAX_LOG_BYTES', 1024 * 1024),
    /** Builds waiting across the server; beyond this a learner is asked to retry later. */
    queueLength: intFromEnv('MSLAB_MAX_QUEUE', 50),
    /**
     * Wall clock for all checkpoints of one build. The labs' checks take 1-2 s; an HTTP
     * checkpoint may wait up to 30 s for an app to start. Build plus checks is a build's
     * overall deadline: past it the build ends with `deadline`, whatever phase it is in.
     */
    checkSeconds: intFromEnv('MSLAB_CHECK_TIMEOUT_SECONDS', 90),
    /** A build no page follows (every tab closed) is cancelled after this long. */
    abandonSeconds: intFromEnv('MSLAB_ABANDON_SECONDS', 60),
    /** A finished build can be resumed (its messages replayed) for this long. */
    resumableSeconds: intFromEnv('MSLAB_RESUMABLE_SECONDS', 300),
    /** Messages a learner may send in a burst, and per second after it (all their tabs together). */
    messageBurst: intFromEnv('MSLAB_MESSAGE_BURST', 20),
    messagesPerSecond: intFromEnv('MSLAB_MESSAGES_PER_SECOND', 2),
    /** Bytes a socket may have unsent before the server stops writing to it until it drains. */
    socketBufferBytes: intFromEnv('MSLAB_SOCKET_BUFFER_BYTES', 512 * 1024),
    /** Ping and heartbeat period; a peer that misses a pong is dropped at the next one. */
    heartbeatSeconds: intFromEnv('MSLAB_HEARTBEAT_SECONDS', 15),
  },

  /** The HTTP and WebSocket front door: who may connect, and how many sockets each may hold. */
  frontDoor: {
    /**
     * Behind a reverse proxy: believe its X-Forwarded-For (first hop: the client address the
     * caps count) and X-Forwarded-Proto (https: cookies get Secure). Off, those headers are
     * ignored, since any client could send them.
     */
    trustProxy: flagFromEnv('MSLAB_TRUST_PROXY'),
    /**
     * Origins (e.g. https://course.example.org) whose pages may open the build socket, besides
     * the site's own (derived from the Host header): for a proxy that rewrites Host.
     */
    allowedOrigins: listFromEnv('MSLAB_ALLOWED_ORIGINS'),
    /** Open build sockets per learner: one per lab tab; more than this is not a person reading. */
    socketsPerLearner: intFromEnv('MSLAB_MAX_SOCKETS_PER_LEARNER', 8),
    /**
     * Open build sockets per client address. A class of 300 behind one school NAT shares one
     * address, with a tab or two each; raise it for bigger rooms.
     */
    socketsPerAddress: intFromEnv('MSLAB_MAX_SOCKETS_PER_ADDRESS', 900),
    /** Open build sockets server-wide: an idle socket costs tens of KB, so this bounds memory. */
    sockets: intFromEnv('MSLAB_MAX_SOCKETS', 3000),
    /**
     * Any HTTP request body (by Content-Length). The only route that takes one (a draft) has
     * its own, smaller limit, counted while the body streams in.
     */
    requestBodyBytes: intFromEnv('MSLAB_MAX_REQUEST_BODY_BYTES', 256 * 1024),
  },

  sandbox: {
    /**
     * Docker endpoints that run learner builds, comma separated (unix:///path or
     * tcp://host:port). More machines mean more entries here, not new code.
     */
    endpoints: stringFromEnv('MSLAB_SANDBOX_ENDPOINTS', engineIndexes.map((i) => `unix://${path.join(engineSocketDir(i), 'docker.sock')}`).join(','))
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    /** Builds run at once on one endpoint. Two cores per sandbox here. */
    concurrencyPerEndpoint: intFromEnv('MSLAB_SANDBOX_CONCURRENCY', 2),
    /** Host name the labs' .npmrc uses for the npm mirror, mapped inside builds. */
    registryHost: 'registry.lab.internal',
    registryPort: intFromEnv('MSLAB_MIRROR_PORT', 4873),
    /**
     * Owner (host uid and gid) of the build context's files. The engines run builds in a user
     * namespace where root is host uid 100000 (userns-remap "default"), and dockerd 20.10
     * unpacks an uploaded context without mapping owners: files owned by 0 would be "nobody"
     * inside the build, which root there cannot write (npm install fails with EACCES).
     * Harmless on an engine without user namespaces: root may write any file.
     */
    contextOwner: intFromEnv('MSLAB_CONTEXT_OWNER', 100000),
  },

  /** Names of the host-engine resources `prepare` creates (per instance: see instanceNames). */
  infra: {
    instance,
    network: names.network,
    /** Bridge interface of that network, named so firewall rules can refer to it. */
    bridge: names.bridge,
    subnet: `${names.subnetPrefix}.0/24`,
    gateway: `${names.subnetPrefix}.1`,
    /** iptables/ip6tables chain holding the sandbox network's rules. */
    firewallChain: names.chain,
    sandboxImage: 'multistage-lab/sandbox-engine:1',
    /** How many sandbox engines `prepare` runs (MSLAB_SANDBOX_ENGINES). */
    engines: engineCount,
    /** Engine containers: engineContainer(0), engineContainer(1) ...; the first one's name. */
    sandboxContainer: engineContainer(0),
    engineContainer,
    engineSocketDir,
    /** The npm mirror's storage, configuration and log. */
    mirrorDir: path.join(cacheDir, instance === 'default' ? 'mirror' : `mirror-${instance}`),
    /** Resources of the sandbox engine container: every learner build inside shares them. */
    sandboxMemory: stringFromEnv('MSLAB_SANDBOX_MEMORY', '4g'),
    sandboxCpus: stringFromEnv('MSLAB_SANDBOX_CPUS', '2'),
    sandboxPids: intFromEnv('MSLAB_SANDBOX_PIDS', 4096),
  },
} as const;

export type Config = typeof config;
