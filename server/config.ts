// Every limit and name the server and the infrastructure share, in one place.
// Each value can be overridden by an environment variable of the same name.
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
    endpoints: stringFromEnv('MSLAB_SANDBOX_ENDPOINTS', `unix://${path.join(cacheDir, 'sandbox-0', 'docker.sock')}`)
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    /** Builds run at once on one endpoint. Two cores per sandbox here. */
    concurrencyPerEndpoint: intFromEnv('MSLAB_SANDBOX_CONCURRENCY', 2),
    /** Host name the labs' .npmrc uses for the npm mirror, mapped inside builds. */
    registryHost: 'registry.lab.internal',
    registryPort: intFromEnv('MSLAB_MIRROR_PORT', 4873),
  },

  /** Names of the host-engine resources `prepare` creates. */
  infra: {
    network: 'mslab-sandbox-net',
    /** Bridge interface of that network, named so firewall rules can refer to it. */
    bridge: 'mslab0',
    subnet: '10.213.0.0/24',
    gateway: '10.213.0.1',
    sandboxImage: 'multistage-lab/sandbox-engine:1',
    sandboxContainer: 'mslab-sandbox-0',
    /** Resources of the sandbox engine container: every learner build inside shares them. */
    sandboxMemory: stringFromEnv('MSLAB_SANDBOX_MEMORY', '4g'),
    sandboxCpus: stringFromEnv('MSLAB_SANDBOX_CPUS', '2'),
    sandboxPids: intFromEnv('MSLAB_SANDBOX_PIDS', 4096),
  },
} as const;

export type Config = typeof config;
