// The live dashboard under a class: 100 learners in one class, the instructor's dashboard
// open, and each learner's verdicts recorded (as a build's observer records them) by another
// process on the same database, as a second replica would: the time from the verdicts being
// written to the instructor's row arriving at the dashboard (goal under 1 s; the feed is
// polled every MSLAB_CLASS_FEED_POLL_MS). Builds in the server's own process notify at once:
// the e2e test (tests/e2e/instructor-dashboard.test.ts) prints that latency with a real build.
// Then the server's memory with 100 more dashboards open. Runs the built site (MSLAB_DIST_DIR).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { classStoreOf } from '../server/classes/shared.ts';
import { config } from '../server/config.ts';
import { InstructorStore } from '../server/instructors/instructor-store.ts';
import { hashPassword } from '../server/instructors/password.ts';
import { ProgressStore } from '../server/progress/progress-store.ts';
import { freePort, startSite } from '../tests/support/site-server.ts';

const LEARNERS = 100;
const DASHBOARDS = 100;
const LAB = 'multistage-node';
const EMAIL = 'bench@example.org';
const PASSWORD = 'a bench password';

const rssKb = (pid: number) => Number(/^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
const cookieOf = (response: Response) => response.headers.get('set-cookie')!.split(';')[0]!;

/** Reads an event stream, calling `onEvent` with each JSON data line; returns a stop function. */
function follow(url: string, cookie: string, onEvent: (event: { type: string; row?: { member: string } }) => void): { ready: Promise<void>; stop: () => void } {
  const controller = new AbortController();
  let opened!: () => void;
  const ready = new Promise<void>((resolve) => (opened = resolve));
  void (async () => {
    const response = await fetch(url, { headers: { Cookie: cookie }, signal: controller.signal });
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body!) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = /^data: (.*)$/m.exec(frame)?.[1];
          if (!data) continue;
          const event = JSON.parse(data) as { type: string };
          if (event.type === 'snapshot') opened();
          onEvent(event);
        }
      }
    } catch {
      // aborted
    }
  })();
  return { ready, stop: () => controller.abort() };
}

const percentile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

export async function benchDashboard(): Promise<void> {
  if (!fs.existsSync(path.join(config.distDir, 'server', 'entry.mjs'))) {
    console.log(`dashboard: no built site in ${config.distDir}; build it first`);
    return;
  }
  const db = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mslab-bench-dashboard-')), 'progress.sqlite');
  const progress = new ProgressStore(db);
  new InstructorStore(progress.database()).upsert(EMAIL, 'Bench', await hashPassword(PASSWORD));
  const site = await startSite({ port: await freePort(), db });
  const stops: Array<() => void> = [];
  try {
    const login = await fetch(`${site.url}/api/instructor/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: EMAIL, password: PASSWORD }) });
    const instructor = cookieOf(login);
    const created = (await (
      await fetch(`${site.url}/api/instructor/classes`, { method: 'POST', headers: { Cookie: instructor, 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'Bench class', labs: [LAB] }) })
    ).json()) as { id: string; joinPath: string };
    const code = created.joinPath.split('/')[2]!;
    const learners: Array<{ id: string; member: string }> = [];
    const classes = classStoreOf(progress);
    for (let i = 0; i < LEARNERS; i++) {
      const joined = await fetch(`${site.url}/api/classes/join`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code, name: `Learner ${i}` }) });
      const id = cookieOf(joined).split('=')[1]!.split('.')[0]!;
      learners.push({ id, member: classes.membership(id)!.member.member });
    }

    const arrived = new Map<string, number>();
    const events = `${site.url}/api/instructor/classes/${created.id}/events`;
    const main = follow(events, instructor, (event) => {
      if (event.type === 'row' && event.row) arrived.set(event.row.member, performance.now());
    });
    stops.push(main.stop);
    await main.ready;

    // Each learner's build ends in turn, 20 ms apart (a class building at once), as another replica records it.
    const written = new Map<string, number>();
    for (const learner of learners) {
      progress.recordBuild(learner.id, LAB, 'Dockerfile', { ok: true, imageSize: 111_000_000, stages: 2, durationMs: 30_000 });
      progress.recordVerdicts(learner.id, LAB, [{ step: 'multi-stage', checkpoints: [{ id: 'builds', status: 'pass', expected: 'it builds', found: 'it built' }] }]);
      classes.recordBuild(learner.id, { lab: LAB, file: 'Dockerfile', outcome: 'success', imageSize: 111_000_000, durationMs: 30_000 }, 'log', { buildsKept: 20 });
      written.set(learner.member, performance.now());
      await new Promise((r) => setTimeout(r, 20));
    }
    const deadline = performance.now() + 5000;
    while (arrived.size < LEARNERS && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const latencies = [...written].filter(([m]) => arrived.has(m)).map(([m, at]) => arrived.get(m)! - at).sort((a, b) => a - b);
    console.log(
      `dashboard: ${LEARNERS} learners in a class, verdicts written by another process -> the instructor's row: ` +
        `median ${percentile(latencies, 0.5).toFixed(0)} ms, p95 ${percentile(latencies, 0.95).toFixed(0)} ms, max ${latencies.at(-1)!.toFixed(0)} ms ` +
        `(${latencies.length}/${LEARNERS} arrived; goal under 1000 ms; feed poll ${config.classes.feedPollMs} ms)`,
    );

    const before = rssKb(site.pid);
    const opening = [];
    for (let i = 0; i < DASHBOARDS; i++) {
      const dashboard = follow(events, instructor, () => {});
      stops.push(dashboard.stop);
      opening.push(dashboard.ready);
    }
    await Promise.all(opening);
    await new Promise((r) => setTimeout(r, 1000));
    const after = rssKb(site.pid);
    console.log(`  server RSS ${(before / 1024).toFixed(0)} MB with one dashboard, ${(after / 1024).toFixed(0)} MB with ${DASHBOARDS + 1}: about ${((after - before) / DASHBOARDS).toFixed(0)} KB per dashboard (${LEARNERS} rows each)`);
  } finally {
    for (const stop of stops) stop();
    await site.stop();
    progress.close();
  }
}

if (import.meta.main) await benchDashboard();
