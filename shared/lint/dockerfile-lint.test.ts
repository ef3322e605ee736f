import fs from 'node:fs';
import path from 'node:path';
import GithubSlugger from 'github-slugger';
import { describe, expect, it } from 'vitest';
import { config, projectRoot } from '../../server/config.ts';
import { lintDockerfile, RULES, type RuleId } from './dockerfile-lint.ts';
import type { LintDiagnostic } from './lint-types.ts';

/** Diagnostics of one rule, as "line:column" (1-based, as an editor shows them). */
const at = (text: string, rule: RuleId) =>
  lintDockerfile(text)
    .filter((d) => d.rule === rule)
    .map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1}`);
const only = (text: string, rule: RuleId): LintDiagnostic => {
  const found = lintDockerfile(text).filter((d) => d.rule === rule);
  expect(found).toHaveLength(1);
  return found[0]!;
};
/** Applies a fix's edits to the text (edits of one fix do not overlap). */
function applyFix(text: string, diagnostic: LintDiagnostic): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const edits = [...diagnostic.fix!.edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  return edits.reduce((t, e) => t.slice(0, offset(e.range.start)) + e.text + t.slice(offset(e.range.end)), text);
}

const GOOD_NODE = `FROM node:18 AS builder
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY server.js ./

FROM node:18-alpine
WORKDIR /app
COPY --from=builder /app/node_modules ./node_modules
COPY --from=builder /app/server.js ./
USER node
CMD ["node", "server.js"]
`;

describe('multi-stage rules', () => {
  it('a clean multi-stage Dockerfile has no findings', () => {
    expect(lintDockerfile(GOOD_NODE)).toEqual([]);
  });

  it('copy-from-unknown-stage: a typo, with the fix to the closest stage', () => {
    const text = GOOD_NODE.replace('--from=builder /app/node_modules', '--from=bulid /app/node_modules');
    const d = only(text, 'copy-from-unknown-stage');
    expect(`${d.range.start.line + 1}:${d.range.start.character + 1}`).toBe('9:13');
    expect(d.severity).toBe('error');
    expect(d.message).toContain('Did you mean "builder"?');
    expect(applyFix(text, d)).toBe(GOOD_NODE);
    // An image reference is not a stage.
    expect(at('FROM alpine:3\nCOPY --from=nginx:1.27 /etc/nginx/nginx.conf /x\nUSER nobody\n', 'copy-from-unknown-stage')).toEqual([]);
  });

  it('copy-from-later-stage: a later stage, or the stage itself', () => {
    const text = 'FROM alpine:3 AS a\nCOPY --from=b /x /x\nFROM alpine:3 AS b\nCOPY --from=b /y /y\nCOPY --from=a /x /x\nUSER nobody\n';
    expect(at(text, 'copy-from-later-stage')).toEqual(['2:13', '4:13']);
    expect(lintDockerfile(text).find((d) => d.rule === 'copy-from-later-stage' && d.range.start.line === 3)?.message).toContain('the stage it is in');
  });

  it('final-same-base: the runtime starts from the builder’s image', () => {
    expect(at('FROM node:18 AS builder\nRUN true\nFROM node:18\nCOPY --from=builder /a /a\nUSER node\n', 'final-same-base')).toEqual(['3:6']);
    expect(at('FROM node:18 AS builder\nFROM builder\nUSER node\n', 'final-same-base')).toEqual(['2:6']);
    expect(at(GOOD_NODE, 'final-same-base')).toEqual([]);
    // Every stage on the small runtime image (deps -> test, base -> prod): nothing big to leave behind.
    expect(at('FROM node:18-alpine AS base\nFROM base AS deps\nRUN npm ci\nFROM base AS prod\nUSER node\n', 'final-same-base')).toEqual([]);
  });

  it('dev-dependencies-in-final: installing devDependencies, or copying a builder’s full node_modules', () => {
    const install = 'FROM node:18-alpine\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nUSER node\n';
    const d = only(install, 'dev-dependencies-in-final');
    expect(`${d.range.start.line + 1}:${d.range.start.character + 1}`).toBe('4:5');
    expect(applyFix(install, d)).toContain('RUN npm ci --omit=dev\n');
    expect(at(install.replace('npm ci', 'npm ci --omit=dev'), 'dev-dependencies-in-final')).toEqual([]);
    expect(at(install.replace('WORKDIR /app', 'WORKDIR /app\nENV NODE_ENV=production'), 'dev-dependencies-in-final')).toEqual([]);

    const copied = 'FROM node:18 AS builder\nRUN npm install\nRUN npm run build\nFROM node:18-alpine\nCOPY --from=builder /app/node_modules ./node_modules\nUSER node\n';
    expect(at(copied, 'dev-dependencies-in-final')).toEqual(['5:1']);
    expect(at(copied.replace('RUN npm run build', 'RUN npm run build && npm prune --omit=dev'), 'dev-dependencies-in-final')).toEqual([]);
  });

  it('copies-node-modules-twice: the whole app folder, then node_modules again', () => {
    const text = 'FROM node:18 AS builder\nWORKDIR /app\nRUN npm ci --omit=dev\nFROM node:18-alpine\nCOPY --from=builder /app .\nCOPY --from=builder /app/node_modules ./node_modules\nUSER node\n';
    const d = only(text, 'copies-node-modules-twice');
    expect(d.range.start).toEqual({ line: 5, character: 0 });
    expect(applyFix(text, d)).not.toContain('/app/node_modules');
  });

  it('unused-stage: a stage the final image never uses', () => {
    const text = 'FROM node:18 AS assets\nRUN npm run build\nFROM node:18 AS builder\nRUN npm ci\nFROM node:18-alpine\nCOPY --from=builder /app /app\nUSER node\n';
    expect(at(text, 'unused-stage')).toEqual(['1:1']);
    expect(only(text, 'unused-stage').message).toContain('BuildKit skips it');
    expect(at('FROM alpine:3 AS base\nFROM base\nUSER nobody\n', 'unused-stage')).toEqual([]);
    // A test stage is built with --target on purpose, and so is what it needs (deps); other unused stages still count.
    const pipeline = 'FROM node:18-alpine AS deps\nFROM deps AS test\nFROM node:18-alpine AS docs\nFROM node:18-alpine AS prod\nUSER node\n';
    expect(at(pipeline, 'unused-stage')).toEqual(['3:1']);
  });

  it('runs-as-root: no USER in the final stage, with a fix before CMD', () => {
    const text = 'FROM node:18-alpine\nWORKDIR /app\nCMD ["node", "server.js"]\n';
    const d = only(text, 'runs-as-root');
    expect(d.range.start).toEqual({ line: 0, character: 0 });
    expect(applyFix(text, d)).toBe('FROM node:18-alpine\nWORKDIR /app\nUSER node\nCMD ["node", "server.js"]\n');
    expect(at('FROM alpine:3\nUSER nobody\n', 'runs-as-root')).toEqual([]);
    // scratch has no /etc/passwd: a name would stop the container from starting.
    const scratch = 'FROM golang:1.19 AS build\nRUN true\nFROM scratch\nENTRYPOINT ["/app"]\n';
    expect(applyFix(scratch, only(scratch, 'runs-as-root'))).toBe('FROM golang:1.19 AS build\nRUN true\nFROM scratch\nUSER 65534:65534\nENTRYPOINT ["/app"]\n');
  });

  it('unpinned-base: no tag, or latest', () => {
    expect(at('FROM alpine\nUSER nobody\n', 'unpinned-base')).toEqual(['1:6']);
    expect(at('FROM alpine:latest\nUSER nobody\n', 'unpinned-base')).toEqual(['1:6']);
    expect(at('FROM alpine:3\nUSER nobody\n', 'unpinned-base')).toEqual([]);
    expect(at('FROM alpine@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\nUSER nobody\n', 'unpinned-base')).toEqual([]);
    // The suggestion is a tag that exists for that image, never a made-up `:3` for every image.
    const suggestion = (text: string) => lintDockerfile(text).find((d) => d.rule === 'unpinned-base')?.message.replace(/^.*Pin a version, such as /, '');
    expect(suggestion('FROM alpine\nUSER nobody\n')).toBe('alpine:3.');
    expect(suggestion('FROM node:latest\nUSER node\n')).toBe('node:18.');
    expect(suggestion('FROM redis\nUSER nobody\n')).toBe('redis:<version>.');
  });

  it('secret-in-env: secrets in ENV and ARG defaults', () => {
    const text = 'FROM alpine:3\nENV API_TOKEN=abc123 LOG_LEVEL=info\nARG DB_PASSWORD=hunter2\nARG VERSION=1\nUSER nobody\n';
    expect(at(text, 'secret-in-env')).toEqual(['2:5', '3:5']);
  });

  it('shell-form-command: CMD and ENTRYPOINT in shell form, with a JSON fix', () => {
    const text = 'FROM node:18-alpine\nUSER node\nCMD node server.js\n';
    const d = only(text, 'shell-form-command');
    expect(d.range.start).toEqual({ line: 2, character: 0 });
    expect(applyFix(text, d)).toBe('FROM node:18-alpine\nUSER node\nCMD ["node", "server.js"]\n');
    expect(only('FROM alpine:3\nUSER nobody\nENTRYPOINT exec app "$@" && x\n', 'shell-form-command').fix).toBeUndefined();
  });

  it('relative-workdir', () => {
    const text = 'FROM alpine:3\nWORKDIR app\nUSER nobody\n';
    const d = only(text, 'relative-workdir');
    expect(`${d.range.start.line + 1}:${d.range.start.character + 1}`).toBe('2:9');
    expect(applyFix(text, d)).toContain('WORKDIR /app\n');
  });

  it('go-cgo-on-musl: go build with cgo, shipped on alpine', () => {
    const text = 'FROM golang:1.19 AS builder\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/app .\nFROM alpine:3\nCOPY --from=builder /out/app /usr/local/bin/app\nUSER nobody\nCMD ["app"]\n';
    const d = only(text, 'go-cgo-on-musl');
    expect(`${d.range.start.line + 1}:${d.range.start.character + 1}`).toBe('4:5');
    const fixed = applyFix(text, d);
    expect(fixed).toContain('RUN CGO_ENABLED=0 go build -o /out/app .');
    expect(lintDockerfile(fixed).filter((x) => x.rule === 'go-cgo-on-musl')).toEqual([]);
    expect(at(text.replace('FROM alpine:3', 'FROM debian:bookworm-slim'), 'go-cgo-on-musl')).toEqual([]);
    expect(at(text.replace('WORKDIR /src', 'WORKDIR /src\nENV CGO_ENABLED=0'), 'go-cgo-on-musl')).toEqual([]);
  });
});

describe('the course’s own Dockerfiles', () => {
  // The chapter's examples, as the seed gives them: warnings are what the lessons teach, but
  // nothing in them is an error.
  const chapter = {
    traditional: 'FROM node:18\nWORKDIR /app\nCOPY . .\nRUN npm install\nCMD ["node", "server.js"]\n',
    example1:
      'FROM node:18 AS builder\nWORKDIR /app\nCOPY . .\nRUN npm install\nRUN npm run build\n\nFROM node:18-alpine\nWORKDIR /app\nCOPY --from=builder /app/dist ./dist\nCOPY --from=builder /app/node_modules ./node_modules\nCMD ["node", "dist/server.js"]\n',
    example2: 'FROM golang:1.19 AS builder\nWORKDIR /app\nCOPY . .\nRUN go build -o myapp\n\nFROM alpine:latest\nCOPY --from=builder /app/myapp /usr/local/bin/\nCMD ["myapp"]\n',
  };
  it('the chapter’s examples have no errors, and get the warnings their lessons explain', () => {
    for (const text of Object.values(chapter)) expect(lintDockerfile(text).filter((d) => d.severity === 'error')).toEqual([]);
    expect(lintDockerfile(chapter.example1).map((d) => d.rule)).toContain('dev-dependencies-in-final');
    expect(lintDockerfile(chapter.example2).map((d) => d.rule)).toEqual(expect.arrayContaining(['go-cgo-on-musl', 'unpinned-base']));
  });

  it('every lab solution is clean, and every lesson example has no errors', () => {
    for (const lab of fs.readdirSync(config.labsDir)) {
      const dir = path.join(config.labsDir, lab, 'solution');
      if (!fs.existsSync(dir)) continue;
      for (const file of fs.readdirSync(dir).filter((f) => f.startsWith('Dockerfile'))) {
        expect([lab, file, lintDockerfile(fs.readFileSync(path.join(dir, file), 'utf8'))]).toEqual([lab, file, []]);
      }
    }
    const lessons = path.join(projectRoot, 'content');
    for (const file of fs.readdirSync(lessons, { recursive: true }).map(String).filter((f) => f.endsWith('.mdx'))) {
      const blocks = [...fs.readFileSync(path.join(lessons, file), 'utf8').matchAll(/```dockerfile\n([\s\S]*?)```/g)].map((m) => m[1]!);
      for (const block of blocks) expect([file, lintDockerfile(block).filter((d) => d.severity === 'error')]).toEqual([file, []]);
    }
  });

  it('every rule names the anchor of exactly one lesson heading, in any chapter', () => {
    const content = path.join(projectRoot, 'content');
    const anchors: string[] = [];
    for (const file of fs.readdirSync(content, { recursive: true }).map(String).filter((f) => f.endsWith('.mdx'))) {
      const slugger = new GithubSlugger();
      const titles = [...fs.readFileSync(path.join(content, file), 'utf8').matchAll(/^#{2,3} (.+)$/gm)].map((m) => m[1]!.replace(/`/g, ''));
      anchors.push(...titles.map((t) => slugger.slug(t)));
    }
    for (const [rule, { docs }] of Object.entries(RULES)) {
      expect([rule, anchors.filter((a) => a === docs).length]).toEqual([rule, 1]);
    }
  });
});
