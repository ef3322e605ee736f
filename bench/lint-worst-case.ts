// The server lints every Dockerfile on the request path, synchronously: the worst 64 KiB
// Dockerfile must lint in under 50 ms (issue 7). Pathological inputs, each filled up to the
// Dockerfile size limit, each aimed at one place where the work could grow faster than the
// text: edit distance on long names, scans per stage or per COPY, regex backtracking,
// line continuations. Each is filled up to the size limit, or up to the most words the lint
// reads (rules/too-many-words.ts) when that comes first: the worst input it fully lints.
// Prints each one's median and slowest warm run, and the worst of all.
import { performance } from 'node:perf_hooks';
import { config } from '../server/config.ts';
import { lintDockerfile } from '../shared/lint/dockerfile-lint.ts';
import { countWords, MAX_WORDS } from '../shared/lint/rules/too-many-words.ts';

const LIMIT = config.limits.dockerfileBytes;
const GOAL_MS = 50;

/** head, then as many units as fit under the byte and word limits, then tail. */
function fill(head: string, unit: (i: number) => string, tail = ''): string {
  const parts = [head];
  let size = Buffer.byteLength(head) + Buffer.byteLength(tail);
  let words = countWords(head, Infinity) + countWords(tail, Infinity);
  for (let i = 0; ; i++) {
    const next = unit(i);
    size += Buffer.byteLength(next);
    words += countWords(next, Infinity);
    if (size > LIMIT || words > MAX_WORDS) break;
    parts.push(next);
  }
  return parts.join('') + tail;
}

const long = (letter: string, bytes: number) => letter.repeat(bytes);

export const PATHOLOGICAL: Record<string, string> = {
  // Edit distance between two 20 KB names: 400 M cells if nothing bounds it.
  'two 20 KB stage names, a 20 KB mistyped --from': `FROM alpine:3 AS ${long('a', 20_000)}\nFROM alpine:3 AS ${long('c', 20_000)}\nFROM alpine:3\nCOPY --from=${long('b', 20_000)} /x /y\nUSER nobody\n`,
  // Thousands of stages: any per-stage scan of all stages is quadratic.
  'thousands of stages': fill('', (i) => `FROM alpine:3 AS s${i}\n`, 'USER nobody\n'),
  'thousands of stages FROM unknown images': fill('', (i) => `FROM x${i} AS s${i}\n`),
  // Every COPY a typo of one of 300 names of 60 letters: suggestions for each.
  'hundreds of 60-letter stages, every --from a typo': fill(
    Array.from({ length: 300 }, (_, i) => `FROM alpine:3 AS ${long('n', 54)}${String(i).padStart(6, '0')}\n`).join('') + 'FROM alpine:3\n',
    (i) => `COPY --from=${long('n', 54)}${String(i % 300).padStart(5, '0')}x /a /a\n`,
  ),
  // Many stages, and a final stage copying from all of them (used-stage graph, cgo rule, node_modules rules).
  'final stage copying from thousands of stages': (() => {
    const stages = Array.from({ length: 400 }, (_, i) => `FROM golang:1.19 AS g${i}\nRUN go build\n`).join('');
    return fill(`${stages}FROM alpine:3\n`, (i) => `COPY --from=g${i % 400} /app /app\nCOPY --from=g${i % 400} /app/node_modules ./node_modules\n`);
  })(),
  'a builder with thousands of installs, copied thousands of times': fill(
    `FROM node:18 AS b\n${'RUN npm install && npm prune --omit=dev\n'.repeat(150)}FROM node:18-alpine\n`,
    () => 'COPY --from=b /app/node_modules ./node_modules\n',
  ),
  'thousands of npm installs in the final stage': fill('FROM node:18-alpine\n', (i) => (i % 50 === 0 ? 'ENV A=1\n' : 'RUN npm install\n')),
  // One instruction continued over thousands of lines.
  'one RUN over thousands of continued lines': fill('FROM node:18\nRUN npm ci', () => ' \\\n  && npm prune', '\nUSER node\n'),
  // Regular expressions over one 64 KB line (backtracking).
  'one 64 KB line of npm prune': fill('FROM node:18 AS b\nRUN ', () => 'npm prune ', '\nFROM node:18-alpine\nCOPY --from=b /app/node_modules ./n\n'),
  'one 64 KB go build line': fill('FROM golang:1.19 AS b\nRUN go build ', () => 'CGO_ENABLED ', '\nFROM alpine:3\nCOPY --from=b /a /a\n'),
  'a 64 KB CMD in shell form': fill('FROM alpine:3\nCMD ', (i) => `w${i} `),
  'thousands of RUN --mount flags': fill('FROM alpine:3 AS s\nRUN ', (i) => `--mount=type=cache,id=x${i},target=/c${i},from=s `, 'true\n'),
  'thousands of secret-looking ENV': fill('FROM alpine:3\nENV ', (i) => `API_TOKEN_${i}=x `),
  'thousands of global ARGs and variables in FROM': fill('', (i) => `ARG V${i}=18\n`, 'FROM node:${V1}-alpine${V2}${V3:-x}\n'),
  'thousands of ADD URLs': fill('FROM alpine:3\n', (i) => `ADD http://x/${i} /y\n`),
  'thousands of relative WORKDIRs': fill('FROM alpine:3\n', (i) => `WORKDIR w${i}\n`),
  // The parser's own cost is per instruction and per word: the most instructions the word cap allows.
  'thousands of one-word instructions': fill('FROM alpine:3\n', () => 'USER\n'),
  'thousands of two-word RUNs': fill('FROM node:18-alpine\n', () => 'RUN npm\n'),
  // Over the word cap: only the size guard runs.
  '64 KB of one-letter words (over the word cap)': `FROM alpine:3\nRUN ${'x '.repeat((LIMIT - 20) / 2)}\n`,
};

/**
 * Milliseconds of each of runs lints, sorted: wall clock, and CPU time of this process (the
 * machine is shared; CPU time leaves out the time other processes held the cores).
 */
function times(text: string, runs: number): { wall: number[]; cpu: number[] } {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    lintDockerfile(text);
    wall.push(performance.now() - t0);
    const used = process.cpuUsage(c0);
    cpu.push((used.user + used.system) / 1000);
  }
  return { wall: wall.sort((a, b) => a - b), cpu: cpu.sort((a, b) => a - b) };
}

export function benchLintWorstCase(): void {
  let worst = { name: '', median: 0, cpu: 0, max: 0 };
  for (const [name, text] of Object.entries(PATHOLOGICAL)) {
    const cold = times(text, 1).wall[0]!;
    times(text, 3); // warm up the JIT on this shape
    const { wall, cpu } = times(text, 9);
    const findings = lintDockerfile(text).length;
    console.log(
      `lint, ${name} (${(Buffer.byteLength(text) / 1024).toFixed(1)} KiB, ${countWords(text, Infinity)} words, ${findings} findings): ` +
        `first run ${cold.toFixed(1)} ms; warm: median ${wall[4]!.toFixed(1)} ms (CPU ${cpu[4]!.toFixed(1)} ms), slowest ${wall.at(-1)!.toFixed(1)} ms`,
    );
    if (wall[4]! > worst.median) worst = { name, median: wall[4]!, cpu: cpu[4]!, max: wall.at(-1)! };
  }
  console.log(
    `lint worst case over ${Object.keys(PATHOLOGICAL).length} pathological Dockerfiles of up to ${LIMIT / 1024} KiB: ` +
      `median ${worst.median.toFixed(1)} ms (CPU ${worst.cpu.toFixed(1)} ms), slowest run ${worst.max.toFixed(1)} ms: ${worst.name} (goal < ${GOAL_MS} ms)`,
  );
}

if (import.meta.main) benchLintWorstCase();
