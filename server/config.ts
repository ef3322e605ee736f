// Every limit and name the server and the infrastructure share, in one place.
// Each value can be overridden by an environment variable of the same name.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
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

/** One of a fixed set of words; the first is the default. */
function choiceFromEnv<T extends string>(name: string, choices: readonly [T, ...T[]]): T {
  const raw = stringFromEnv(name, choices[0]);
  if (!(choices as readonly string[]).includes(raw)) throw new Error(`${name} must be one of ${choices.join(', ')}, got "${raw}"`);
  return raw as T;
}

/** A memory size as Docker's --memory takes it ("512m", "4g", "4gb"), in bytes. */
function memoryBytes(name: string, raw: string): number {
  const match = /^(\d+)([kmg])?b?$/i.exec(raw);
  if (!match) throw new Error(`${name} must be a whole number with an optional k, m or g (like 2g), got "${raw}"`);
  return Number(match[1]) * 1024 ** ' kmg'.indexOf((match[2] ?? ' ').toLowerCase());
}

/**
 * The build steps' memory inside an engine, in bytes: below the engine's own, or the step
 * limit would never be the one reached (the engine's daemons would be squeezed first).
 */
function stepMemoryFromEnv(engineMemory: string): number {
  const step = memoryBytes('MSLAB_SANDBOX_STEP_MEMORY', stringFromEnv('MSLAB_SANDBOX_STEP_MEMORY', '2g'));
  if (step >= memoryBytes('MSLAB_SANDBOX_MEMORY', engineMemory)) throw new Error(`MSLAB_SANDBOX_STEP_MEMORY must be below the engine's memory (MSLAB_SANDBOX_MEMORY=${engineMemory}): the engine's own daemons need the rest`);
  return step;
}

const cacheDir = stringFromEnv('MSLAB_CACHE_DIR', path.join(projectRoot, '.cache'));
const engineMemory = stringFromEnv('MSLAB_SANDBOX_MEMORY', '4g');

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
/** Sandbox engines on this machine, one build each: one per core by default (README, Sandbox). */
const engineCount = intFromEnv('MSLAB_SANDBOX_ENGINES', os.availableParallelism());
const engineIndexes = Array.from({ length: engineCount }, (_, i) => i);
const engineContainer = (i: number | 'template') => `${names.prefix}-${i}`;
const engineSocketDir = (i: number) => path.join(cacheDir, instance === 'default' ? `sandbox-${i}` : `sandbox-${instance}-${i}`);

export const config = {
  /** HTTP + WebSocket port of the site. */
  port: intFromEnv('PORT', 4321),
  host: stringFromEnv('HOST', '127.0.0.1'),
  /** Where prepared root filesystems, npm tarballs and the mirror's storage live. */
  cacheDir,
  /** Lab folders (MSLAB_LABS_DIR: another folder, e.g. for `lab:new` and `labs:verify` in a test). */
  labsDir: path.resolve(projectRoot, stringFromEnv('MSLAB_LABS_DIR', 'labs')),
  /** Lesson folders (content/<chapter>/); `lab:new` writes its lesson here. */
  contentDir: path.resolve(projectRoot, stringFromEnv('MSLAB_CONTENT_DIR', 'content')),
  /** The built site (`astro build` writes it; astro.config.mjs reads the same variable). */
  distDir: path.resolve(projectRoot, stringFromEnv('MSLAB_DIST_DIR', 'dist')),
  /** The progress database (SQLite); every replica of the server must point at the same one. */
  progressDb: stringFromEnv('MSLAB_DB', path.join(projectRoot, '.data', 'progress.sqlite')),
  /**
   * Learners who never built anything and were not seen for this many days are forgotten,
   * drafts and all (their cookie expires at the same time); learners with builds are kept.
   */
  anonymousLearnerTtlDays: intFromEnv('MSLAB_ANONYMOUS_TTL_DAYS', 30),
  /**
   * Learners who never built nor saved a draft (every first page load makes one) are forgotten
   * after this many hours unseen: they have nothing to lose, and kept for the anonymous lifetime
   * they would let a script fill the database. Coming back with the cookie brings the same id back.
   */
  unusedLearnerTtlHours: intFromEnv('MSLAB_UNUSED_LEARNER_TTL_HOURS', 24),

  /** Instructors, their classes and the live dashboard (docs/instructors.md). */
  classes: {
    /** An instructor's session lasts a teaching day; then they log in again. */
    sessionHours: intFromEnv('MSLAB_INSTRUCTOR_SESSION_HOURS', 12),
    /**
     * Failed logins allowed per account and per client address within the window: enough for
     * typos, far too few to guess a password (each guess also costs a memory-hard hash).
     */
    loginFailuresPerAccount: intFromEnv('MSLAB_LOGIN_FAILURES_PER_ACCOUNT', 5),
    loginFailuresPerAddress: intFromEnv('MSLAB_LOGIN_FAILURES_PER_ADDRESS', 20),
    loginWindowMinutes: intFromEnv('MSLAB_LOGIN_WINDOW_MINUTES', 15),
    /** A class larger than a lecture hall is a mistake or an abuse. */
    membersPerClass: intFromEnv('MSLAB_MAX_CLASS_MEMBERS', 500),
    classesPerInstructor: intFromEnv('MSLAB_MAX_CLASSES_PER_INSTRUCTOR', 200),
    /** Stuck: this many failed builds in a row ... */
    stuckFailedBuilds: intFromEnv('MSLAB_STUCK_FAILED_BUILDS', 3),
    /** ... or no new checkpoint passed for this long (since joining or the last progress). */
    stuckMinutes: intFromEnv('MSLAB_STUCK_MINUTES', 10),
    /** The end of a member's last build log kept per lab and file: the error is at the end. */
    logTailBytes: intFromEnv('MSLAB_CLASS_LOG_TAIL_BYTES', 64 * 1024),
    /** Builds kept per member and lab: enough for the stuck rule and the last-build column. */
    buildsKept: intFromEnv('MSLAB_CLASS_BUILDS_KEPT', 20),
    /**
     * How often a server process looks in the database for class changes made by other
     * replicas (its own builds notify at once): the dashboard's worst-case delay.
     */
    feedPollMs: intFromEnv('MSLAB_CLASS_FEED_POLL_MS', 250),
    /** Dashboards re-read every row this often, so "no progress for a while" appears without a build. */
    refreshSeconds: intFromEnv('MSLAB_DASHBOARD_REFRESH_SECONDS', 30),
    /** Open dashboards (event streams) per process: each holds a stream and a subscription. */
    dashboards: intFromEnv('MSLAB_MAX_DASHBOARDS', 500),
  },

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
    /** Builds waiting across the server: a class of 300 can each have one, with room for others; past it, a learner is asked to retry later. */
    queueLength: intFromEnv('MSLAB_MAX_QUEUE', 400),
    /**
     * Builds running or waiting per client address. A class behind one school NAT shares one
     * address, so this is a class's size; it stops one client with many minted learner
     * cookies from taking the whole wait line.
     */
    buildsPerAddress: intFromEnv('MSLAB_MAX_BUILDS_PER_ADDRESS', 300),
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
    /**
     * Time for looking inside one image after its build (server/image-analysis), holding the
     * build's engine slot: the 530 MB regular image takes 1-2 s on an idle engine. Past it the
     * page is told there is no analysis this time, and checks ask the engine instead.
     */
    analysisSeconds: intFromEnv('MSLAB_ANALYSIS_SECONDS', 20),
    /** Paths one image may have for the analysis (memory grows with them); the node:18 image has 17,000. */
    analysisMaxPaths: intFromEnv('MSLAB_ANALYSIS_MAX_PATHS', 200_000),
    /** Recent analyses kept for the page, gzipped, newest used first: about 300 KB for the regular image. */
    analysisCacheBytes: intFromEnv('MSLAB_ANALYSIS_CACHE_BYTES', 64 * 1024 * 1024),
  },

  /** The HTTP and WebSocket front door: who may connect, and how many sockets each may hold. */
  frontDoor: {
    /**
     * Behind a reverse proxy: believe its X-Forwarded-For (the client address the caps and rate
     * limits count) and X-Forwarded-Proto (https: cookies get Secure). Off, those headers are
     * ignored, since any client could send them.
     */
    trustProxy: flagFromEnv('MSLAB_TRUST_PROXY'),
    /**
     * How many proxies of ours stand in front, each appending its peer to X-Forwarded-For: the
     * client address is the entry this many places from the right. Entries further left were
     * written by the client and would let it pick its own address (http/proxy-headers.ts).
     */
    trustedProxyHops: intFromEnv('MSLAB_TRUSTED_PROXY_HOPS', 1),
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
    /**
     * New learner cookies handed out per client address (a token bucket, per server process):
     * a burst, then so many a second. A class of 300 behind one school NAT opening the lab
     * within a minute fits the burst; a script minting learners (a database row each) is told
     * to wait (429) once it is spent. Learners who already have a cookie are never counted.
     */
    newLearnerBurst: intFromEnv('MSLAB_NEW_LEARNER_BURST', 400),
    newLearnersPerSecond: intFromEnv('MSLAB_NEW_LEARNERS_PER_SECOND', 2),
    /**
     * Built files answered from memory rather than read from disk for each request
     * (http/static-in-memory.ts): those up to this size, each .br and .gz copy counted alone.
     * Pages and small chunks fit; Monaco's large chunks stream from disk as before.
     */
    memoryFileBytes: intFromEnv('MSLAB_MEMORY_FILE_BYTES', 256 * 1024),
    /** All files held in memory together (the site's are 2.7 MB today); the rest stream from disk. */
    memoryTotalBytes: intFromEnv('MSLAB_MEMORY_TOTAL_BYTES', 8 * 1024 * 1024),
    /** Open build sockets server-wide: an idle socket costs tens of KB, so this bounds memory. */
    sockets: intFromEnv('MSLAB_MAX_SOCKETS', 3000),
    /**
     * TCP connections the server holds at once (server.maxConnections; lowered to fit the
     * process's open-files limit, see http/connection-cap.ts): the build sockets'
     * MSLAB_MAX_SOCKETS (3000) plus 1000 for page loads and API calls. Past it new connections
     * are closed at once instead of the process running out of file descriptors.
     */
    connections: intFromEnv('MSLAB_MAX_CONNECTIONS', 4000),
    /**
     * Time for a request's headers to arrive. A browser sends them in one packet; 10 s allows
     * a poor mobile link, and bounds how long a client that trickles headers (slowloris) holds
     * a connection (Node's default is 60 s). Answered 408 and closed.
     */
    headersTimeoutSeconds: intFromEnv('MSLAB_HTTP_HEADERS_TIMEOUT_SECONDS', 10),
    /**
     * Time for a whole request to arrive, body included: the largest body taken is a 96 KiB
     * draft, 30 s is 3 KB/s (Node's default is 300 s). Responses (build logs on the socket, the
     * dashboard's event stream) are not bounded by it. At least the headers timeout.
     */
    requestTimeoutSeconds: intFromEnv('MSLAB_HTTP_REQUEST_TIMEOUT_SECONDS', 30),
    /**
     * An idle kept-alive connection is closed after this long: a page fetches its files back to
     * back, and an idle connection holds a descriptor. Behind a proxy that keeps connections to
     * this server, its idle timeout must be shorter (nginx: keepalive_timeout in the upstream).
     */
    keepAliveTimeoutSeconds: intFromEnv('MSLAB_HTTP_KEEPALIVE_SECONDS', 5),
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
    /** Builds run at once on one endpoint: one, so a build's limits are its own (README, Sandbox). */
    concurrencyPerEndpoint: intFromEnv('MSLAB_SANDBOX_CONCURRENCY', 1),
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
    /** Engine containers: engineContainer(0), engineContainer(1) ... (and the short-lived 'template'). */
    sandboxContainer: engineContainer(0),
    engineContainer,
    engineSocketDir,
    /** The npm mirror's storage, configuration and log. */
    mirrorDir: path.join(cacheDir, instance === 'default' ? 'mirror' : `mirror-${instance}`),
    /** The base-image registry the engines pull from: its storage, configuration and log. */
    imageRegistryDir: path.join(cacheDir, instance === 'default' ? 'image-registry' : `image-registry-${instance}`),
    /** Its port on the gateway (read-only); the next port, on 127.0.0.1, fills it. */
    imageRegistryPort: intFromEnv('MSLAB_IMAGE_REGISTRY_PORT', 5000),
    /**
     * Each engine's /var/lib/docker is a fixed-size ext4 file system (a sparse file, loop
     * mounted) here, so a build that writes without end fills its own engine's disk only.
     */
    engineDiskDir: path.join(cacheDir, instance === 'default' ? 'engine-disks' : `engine-disks-${instance}`),
    /** Size of that file system: the base images take 1.5 GB, the build cache is kept under 4 GB. */
    engineDiskSize: stringFromEnv('MSLAB_SANDBOX_DISK', '12G'),
    /** Resources of each sandbox engine container, for the one build it runs at a time (its daemons, its build steps, its checkpoint containers). */
    sandboxMemory: engineMemory,
    /**
     * Memory and processes of a build's steps together, below the engine's own limits
     * (sandbox-engine/entrypoint.sh): a step that reaches them is killed inside its own cgroup,
     * and the engine's daemons keep their memory and can still start processes. Lab builds use
     * under 200 MB (the Go lab's compile about 400 MB). The limits hold for all the steps of
     * the engine's builds together: with one build per engine (the default), that build's.
     */
    stepMemoryBytes: stepMemoryFromEnv(engineMemory),
    stepPids: intFromEnv('MSLAB_SANDBOX_STEP_PIDS', 2048),
    sandboxCpus: stringFromEnv('MSLAB_SANDBOX_CPUS', '2'),
    sandboxPids: intFromEnv('MSLAB_SANDBOX_PIDS', 4096),
  },

  /** Who runs what, and how it is kept running (README, Operations). */
  service: {
    /** System account of the web server: group access to the engine sockets and the database. */
    webUser: stringFromEnv('MSLAB_WEB_USER', 'mslab'),
    /** System account of the npm mirror: owns only the mirror's storage. */
    mirrorUser: stringFromEnv('MSLAB_MIRROR_USER', 'mslab-mirror'),
    /**
     * Which packages the mirror fetches from the npm registry: `labs` (those the labs'
     * lockfiles name, plus labs/mirror-packages.txt) or `all` (anything a build asks for).
     */
    mirrorProxy: choiceFromEnv('MSLAB_MIRROR_PROXY', ['labs', 'all'] as const),
    /** The mirror's tarballs past this size lose their least recently used (the labs need ~15 MB). */
    mirrorMaxBytes: intFromEnv('MSLAB_MIRROR_MAX_MB', 1024) * 1024 * 1024,
    /** The supervisor's state, logs and control socket. */
    supervisorDir: stringFromEnv('MSLAB_SUPERVISOR_DIR', path.join(cacheDir, instance === 'default' ? 'supervisor' : `supervisor-${instance}`)),
    /** How often the supervisor checks each unit; a dead engine is noticed within ~3 of these. */
    checkEveryMs: intFromEnv('MSLAB_SUPERVISOR_CHECK_MS', 2000),
  },
} as const;

export type Config = typeof config;
