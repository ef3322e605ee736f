// Front door under a class: p99 latency of a static page and of /api/health while 200 idle
// build sockets are open and 30 learners build the node lab's starter at once, and the
// server's peak memory. Runs the real server (server/main.ts) on the built site
// (MSLAB_DIST_DIR or dist/: build it first) and the real sandbox engine.
// Goals (issue 7): p99 under 50 ms, peak RSS under 300 MB.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { config } from '../server/config.ts';
import { freePort, startSite, type Site } from '../tests/support/site-server.ts';

const IDLE_SOCKETS = 200;
const BUILDERS = 30;
const LAB = 'multistage-node';
/** Latency is sampled at most this long, even if builds are still waiting. */
const MAX_WINDOW_MS = 120_000;
/** Errors that end a build request before it runs: the learner would press Build again later. */
const REFUSALS = new Set(['bad-json', 'bad-message', 'too-large', 'unknown-lab', 'busy', 'queue-full', 'rate-limited', 'refused', 'engine-unavailable']);

const memoryKb = (pid: number, field: 'VmRSS' | 'VmHWM') =>
  Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);

async function learnerCookie(site: Site): Promise<string> {
  const response = await fetch(`${site.url}/api/labs/${LAB}/progress`);
  await response.arrayBuffer();
  return response.headers.get('set-cookie')!.split(';')[0]!;
}

function openSocket(site: Site, cookie: string): Promise<WebSocket> {
  const ws = new WebSocket(`${site.url.replace('http', 'ws')}/ws`, { headers: { Cookie: cookie, Origin: site.url } });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** Sends one build and resolves with how it ended: its checkpoints, a result, or a refusal. */
function build(ws: WebSocket, dockerfile: string): Promise<string> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('no end within 5 min'), 300_000);
    const end = (outcome: string) => {
      clearTimeout(timer);
      resolve(outcome);
    };
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as { type: string; code?: string; outcome?: string; checking?: boolean };
      if (message.type === 'checkpoints') end('checked');
      else if (message.type === 'result' && !message.checking) end(`result ${message.outcome}`);
      else if (message.type === 'error' && REFUSALS.has(message.code ?? '')) end(`refused: ${message.code}`);
    });
    ws.on('close', () => end('socket closed'));
    ws.send(JSON.stringify({ type: 'build', lab: LAB, file: 'Dockerfile', files: { Dockerfile: dockerfile } }));
  });
}

/** Requests one URL after another until stopped; returns each answer's milliseconds. */
async function sample(url: string, stop: { done: boolean }): Promise<number[]> {
  const times: number[] = [];
  while (!stop.done) {
    const t0 = performance.now();
    const response = await fetch(url);
    await response.arrayBuffer();
    times.push(performance.now() - t0);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return times;
}

const percentile = (times: number[], q: number) => [...times].sort((a, b) => a - b)[Math.min(times.length - 1, Math.floor(q * times.length))]!;
const describe = (times: number[]) =>
  `n=${times.length}, median ${percentile(times, 0.5).toFixed(1)} ms, p99 ${percentile(times, 0.99).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms`;

export async function benchFrontDoor(): Promise<void> {
  if (!fs.existsSync(path.join(config.distDir, 'server', 'entry.mjs'))) {
    console.log(`front door: no built site in ${config.distDir}; run npm run build first`);
    return;
  }
  const db = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mslab-bench-')), 'progress.sqlite');
  const site = await startSite({ port: await freePort(), db });
  const sockets: WebSocket[] = [];
  try {
    const baseline = memoryKb(site.pid, 'VmRSS');
    for (let i = 0; i < IDLE_SOCKETS; i++) sockets.push(await openSocket(site, await learnerCookie(site)));
    const withSockets = memoryKb(site.pid, 'VmRSS');
    const dockerfile = fs.readFileSync(path.join(config.labsDir, LAB, 'starter', 'Dockerfile'), 'utf8');
    const builders = await Promise.all(Array.from({ length: BUILDERS }, async () => openSocket(site, await learnerCookie(site))));
    sockets.push(...builders);

    const stop = { done: false };
    const started = performance.now();
    const samplers = [sample(`${site.url}/chapter-17/why-multi-stage/`, stop), sample(`${site.url}/api/health`, stop)] as const;
    const builds = Promise.all(builders.map((ws) => build(ws, dockerfile)));
    const window = setTimeout(() => (stop.done = true), MAX_WINDOW_MS);
    const outcomes = await builds.finally(() => {
      clearTimeout(window);
      stop.done = true;
    });
    const [pageTimes, healthTimes] = await Promise.all(samplers);
    const counts = outcomes.reduce<Record<string, number>>((n, o) => ({ ...n, [o]: (n[o] ?? 0) + 1 }), {});

    console.log(`front door: ${IDLE_SOCKETS} idle sockets + ${BUILDERS} learners building the ${LAB} starter; builds took ${((performance.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(counts)}`);
    console.log(`  static page   ${describe(pageTimes)} (goal p99 < 50 ms)`);
    console.log(`  /api/health   ${describe(healthTimes)} (goal p99 < 50 ms)`);
    console.log(`  server RSS: ${(baseline / 1024).toFixed(0)} MB at start, ${(withSockets / 1024).toFixed(0)} MB with ${IDLE_SOCKETS} idle sockets, peak ${(memoryKb(site.pid, 'VmHWM') / 1024).toFixed(0)} MB (goal < 300 MB)`);
  } finally {
    for (const ws of sockets) ws.terminate();
    await site.stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await benchFrontDoor();
