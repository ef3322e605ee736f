// `npm run bench`: figures, not pass/fail.
//   1. Diagnostics (language service + multi-stage rules) on a 300-line Dockerfile: the very
//      function the editor runs after each pause in typing.
//   2. JavaScript a lesson page loads before the editor is needed, and the editor's own chunk
//      (read from the built site: run `npm run build` first).
//   3. The server's lint on the worst 64 KiB Dockerfiles (bench/lint-worst-case.ts).
//   4. The front door under a class (bench/front-door.ts): p99 of a static page and of
//      /api/health with 200 idle sockets and 30 learners building, and the server's peak RSS.
//   5. Noisy neighbour (bench/noisy-neighbour.ts): the lab solution's build time beside each
//      hostile build, divided by its time alone.
//   6. The live dashboard (bench/dashboard.ts): verdict -> instructor's row with 100 learners
//      in a class, and the server's memory per open dashboard.
//   7. Looking inside the regular lab image (bench/image-analysis.ts): analysis time over the
//      time of streaming the image out of the engine, and the memory it takes.
//   7b. The Image panel in the page (bench/image-panel.ts): the analysis message -> the panel
//      drawn, and drawing the full file tree of the regular image.
//   8. The lab workbench in the page (bench/workbench.ts): the editor chunks (gzip), lab in
//      view -> editor accepting keys on Lighthouse's mobile profile, and Build
//      pressed -> first build line drawn, the page's share against the server's; a socket cut
//      mid-build: time until the log goes on, lines lost or drawn twice.
//   9. The sandbox engine pool (bench/sandbox-pool.ts): cold and warm preparation, recycling
//      one engine, the lab solution's build time on a pool engine against the shared layout.
//  10. Recovery (bench/recovery.ts): fault (engine killed or hung, mirror killed, web server
//      killed) to the next successful build, under the supervisor, on an instance of its own.
//  11. Lighthouse (bench/lighthouse.ts), mobile, on every page of the built site: performance,
//      accessibility and best-practice scores, LCP, TBT, CLS, and each failed audit.
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import zlib from 'node:zlib';
import { projectRoot } from '../server/config.ts';
import { diagnose } from '../src/client/workbench/dockerfile-language.ts';
import { benchLintWorstCase } from './lint-worst-case.ts';
import { benchDashboard } from './dashboard.ts';
import { benchFairness } from './fairness.ts';
import { benchFrontDoor } from './front-door.ts';
import { benchImageAnalysis } from './image-analysis.ts';
import { benchImagePanel } from './image-panel.ts';
import { benchRecovery } from './recovery.ts';
import { benchNoisyNeighbour } from './noisy-neighbour.ts';
import { benchSandboxPool } from './sandbox-pool.ts';
import { benchEditorChunks, benchEditorReadyOnMobile, benchFirstLine, benchReconnect } from './workbench.ts';
import { benchLighthouse } from './lighthouse.ts';

function dockerfileOf(lines: number): string {
  const stage = (i: number) => [
    `# stage ${i}: dependencies and build`,
    `FROM node:18 AS build${i}`,
    'WORKDIR /app',
    'ENV NODE_ENV=development',
    'COPY package.json package-lock.json .npmrc ./',
    'RUN npm ci && \\',
    '    npm cache clean --force',
    'COPY src ./src',
    'RUN npm run build && npm prune --omit=dev',
    `LABEL stage="${i}"`,
    '',
  ];
  const out: string[] = [];
  for (let i = 0; out.length < lines - 8; i++) out.push(...stage(i));
  const last = Math.floor(out.filter((l) => l.startsWith('FROM')).length) - 1;
  out.push('FROM node:18-alpine', 'WORKDIR /app', `COPY --from=build${last} /app/node_modules ./node_modules`, `COPY --from=build${last} /app/dist ./dist`, 'USER node', 'EXPOSE 3000', 'CMD ["node", "dist/server.js"]');
  return out.slice(0, lines).join('\n');
}

function timeDiagnostics(): void {
  const text = dockerfileOf(300);
  for (let i = 0; i < 20; i++) diagnose(text); // warm up the JIT
  const samples: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t0 = performance.now();
    diagnose(text);
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!.toFixed(2);
  console.log(`diagnostics, ${text.split('\n').length}-line Dockerfile, ${diagnose(text).length} findings: median ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${at(1)} ms (goal <= 30 ms)`);
}

const client = path.join(projectRoot, 'dist/client');
const gzip = (file: string) => zlib.gzipSync(fs.readFileSync(file)).length;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** A chunk's static imports (not `import()`), as files under dist/client. */
function staticImports(file: string): string[] {
  const code = fs.readFileSync(file, 'utf8');
  const specs = [...code.matchAll(/(?:\bfrom\s*|\bimport\s*)["']([^"']+\.js)["']/g)].map((m) => m[1]!);
  return specs.map((s) => (s.startsWith('/') ? path.join(client, s) : path.resolve(path.dirname(file), s)));
}

function closure(entries: string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file) || !fs.existsSync(file)) return;
    seen.add(file);
    staticImports(file).forEach(visit);
  };
  entries.forEach(visit);
  return seen;
}

function pageScripts(page: string): string[] {
  const html = fs.readFileSync(path.join(client, page, 'index.html'), 'utf8');
  const srcs = [...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g), ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => path.join(client, m[1]!));
  // Inline module scripts import their chunks too.
  const inline = [...html.matchAll(/<script type="module">([\s\S]*?)<\/script>/g)].flatMap((m) => [...m[1]!.matchAll(/["'](\/_astro\/[^"']+\.js)["']/g)].map((x) => path.join(client, x[1]!)));
  return [...srcs, ...inline];
}

function report(label: string, files: Set<string>): number {
  const raw = [...files].reduce((n, f) => n + fs.statSync(f).size, 0);
  const zipped = [...files].reduce((n, f) => n + gzip(f), 0);
  console.log(`${label}: ${files.size} files, ${kb(raw)} (${kb(zipped)} gzip)`);
  return zipped;
}

function measureBundles(): void {
  if (!fs.existsSync(client)) {
    console.log('bundle sizes: no dist/client; run npm run build first');
    return;
  }
  for (const page of ['chapter-17/why-multi-stage', 'chapter-17/hands-on-lab']) {
    report(`JS before the editor is needed, /${page}/ (goal <= 150 KB)`, closure(pageScripts(page)));
  }
  const eager = closure(pageScripts('chapter-17/hands-on-lab'));
  const workbench = fs.readdirSync(path.join(client, '_astro')).filter((f) => /^workbench\.[\w-]+\.js$/.test(f)).map((f) => path.join(client, '_astro', f));
  const editor = new Set([...closure(workbench)].filter((f) => !eager.has(f)));
  report('workbench chunk, loaded when the lab scrolls into view (Monaco, the plain editor and xterm load beside it: see below)', editor);
  const css = fs.readdirSync(path.join(client, '_astro')).filter((f) => f.startsWith('editor.') && f.endsWith('.css')).map((f) => path.join(client, '_astro', f));
  const worker = fs.readdirSync(path.join(client, '_astro')).filter((f) => f.startsWith('editor.worker')).map((f) => path.join(client, '_astro', f));
  report('editor CSS', new Set(css));
  report('editor worker (Monaco)', new Set(worker));
}

timeDiagnostics();
measureBundles();
benchLintWorstCase();
await benchFrontDoor();
await benchNoisyNeighbour();
await benchFairness();
await benchDashboard();
await benchImageAnalysis();
await benchImagePanel();
benchEditorChunks();
await benchEditorReadyOnMobile();
await benchFirstLine();
await benchReconnect();
await benchSandboxPool();
await benchRecovery();
await benchLighthouse();
