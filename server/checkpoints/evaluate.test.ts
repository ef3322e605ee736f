import { describe, expect, it } from 'vitest';
import { checkpointSchema, type Checkpoint } from '../../shared/checkpoint-schema.ts';
import { dockerfileFacts } from '../../shared/dockerfile-facts.ts';
import { evaluate, type BuildFacts } from './evaluate.ts';
import type { HttpProbeResult, ImageFacts, PathOwner, RunResult } from './image-facts.ts';

const cp = (raw: object): Checkpoint => checkpointSchema.parse({ id: 'c', title: 'T', starter: 'fail', ...raw });

function image(over: Partial<ImageFacts> & { paths?: string[]; owners?: Record<string, PathOwner>; http?: HttpProbeResult; run?: RunResult } = {}): ImageFacts {
  const paths = new Set(over.paths ?? []);
  return {
    size: 111_300_000,
    user: '',
    workingDir: '/app',
    pathExists: async (p) => paths.has(p),
    pathOwner: async (p) => over.owners?.[p],
    probeHttp: async () => over.http ?? { answered: false, reason: 'nothing answered on port 3000 within 10 s', logs: '' },
    runBinary: async () => over.run ?? { started: true, exitCode: 0, output: 'greeter 1.0.0\n', timedOut: false },
    ...over,
  };
}

const multiStage = 'FROM node:18 AS builder\nRUN npm ci\nFROM node:18-alpine\nCOPY --from=builder /app /app\n';
function facts(over: Partial<BuildFacts> = {}): BuildFacts {
  return {
    ok: true,
    dockerfileText: multiStage,
    dockerfile: dockerfileFacts(multiStage),
    image: image(),
    otherSizes: {},
    files: {},
    contextFile: (name) => (name === 'package.json' ? JSON.stringify({ devDependencies: { nodemon: '3', jest: '29' } }) : undefined),
    ...over,
  };
}

describe('evaluate', () => {
  it('builds', async () => {
    expect(await evaluate(cp({ kind: 'builds' }), facts())).toMatchObject({ status: 'pass', found: 'it built' });
    const failed = await evaluate(cp({ kind: 'builds' }), facts({ ok: false, failure: 'exit code: 1' }));
    expect(failed).toMatchObject({ status: 'fail', found: 'it failed: exit code: 1' });
  });

  it('stages', async () => {
    expect(await evaluate(cp({ kind: 'stages', min: 2 }), facts())).toMatchObject({ status: 'pass', found: '2' });
    const single = facts({ dockerfile: dockerfileFacts('FROM node:18\nCMD ["node"]\n') });
    expect(await evaluate(cp({ kind: 'stages', min: 2 }), single)).toMatchObject({ status: 'fail', expected: 'at least 2 stages (FROM lines)', found: '1' });
  });

  it('final-base, through stage names and registry prefixes', async () => {
    const allowed = cp({ kind: 'final-base', allowed: ['node:18-alpine'] });
    expect(await evaluate(allowed, facts())).toMatchObject({ status: 'pass', found: 'FROM node:18-alpine' });
    const viaStage = facts({ dockerfile: dockerfileFacts('FROM docker.io/library/node:18-alpine AS base\nFROM base AS final\n') });
    expect(await evaluate(allowed, viaStage)).toMatchObject({ status: 'pass' });
    const fat = facts({ dockerfile: dockerfileFacts('FROM node:18 AS builder\nFROM builder\n') });
    expect(await evaluate(allowed, fat)).toMatchObject({ status: 'fail', found: 'FROM node:18' });
    expect(await evaluate(cp({ kind: 'final-base', allowed: ['alpine'] }), facts({ dockerfile: dockerfileFacts('FROM alpine:latest') }))).toMatchObject({ status: 'pass' });
  });

  it('max-size, in decimal megabytes', async () => {
    expect(await evaluate(cp({ kind: 'max-size', mb: 150 }), facts())).toMatchObject({ status: 'pass', found: '111.3 MB' });
    expect(await evaluate(cp({ kind: 'max-size', mb: 100 }), facts())).toMatchObject({ status: 'fail', expected: 'at most 100 MB' });
  });

  it('relative-size against the learner’s other build', async () => {
    const check = cp({ kind: 'relative-size', of: 'Dockerfile.regular', maxPercent: 40 });
    expect(await evaluate(check, facts({ otherSizes: { 'Dockerfile.regular': 531_000_000 } }))).toMatchObject({ status: 'pass', found: '21% (111.3 MB of 531.0 MB)' });
    expect(await evaluate(check, facts({ otherSizes: { 'Dockerfile.regular': 200_000_000 } }))).toMatchObject({ status: 'fail', found: '56% (111.3 MB of 200.0 MB)' });
    expect(await evaluate(check, facts())).toMatchObject({ status: 'fail', found: 'no successful build of Dockerfile.regular yet: build it first' });
  });

  it('path-absent and path-present', async () => {
    const withGcc = facts({ image: image({ paths: ['/usr/bin/gcc', '/app/server.js'] }) });
    expect(await evaluate(cp({ kind: 'path-absent', path: '/usr/bin/gcc' }), withGcc)).toMatchObject({ status: 'fail', found: '/usr/bin/gcc is there' });
    expect(await evaluate(cp({ kind: 'path-absent', path: '/usr/bin/gcc' }), facts())).toMatchObject({ status: 'pass', found: 'absent' });
    // The same toolchain where another image keeps it (the real golang image: /usr/local/go).
    const goAt = cp({ kind: 'path-absent', path: '/usr/lib/go-1.19', alsoAt: ['/usr/local/go'] });
    expect(await evaluate(goAt, facts({ image: image({ paths: ['/usr/local/go'] }) }))).toMatchObject({ status: 'fail', expected: 'no /usr/lib/go-1.19 nor /usr/local/go in the image', found: '/usr/local/go is there' });
    expect(await evaluate(goAt, facts())).toMatchObject({ status: 'pass', found: 'absent' });
    expect(await evaluate(cp({ kind: 'path-present', path: '/app/server.js' }), withGcc)).toMatchObject({ status: 'pass' });
    expect(await evaluate(cp({ kind: 'path-present', path: '/app/server.js' }), facts())).toMatchObject({ status: 'fail', found: 'no /app/server.js' });
  });

  it('no-dev-dependencies reads package.json and looks in node_modules', async () => {
    const check = cp({ kind: 'no-dev-dependencies', nodeModules: '/app/node_modules' });
    const withNodemon = facts({ image: image({ paths: ['/app/node_modules/nodemon/package.json', '/app/node_modules/express/package.json'] }) });
    expect(await evaluate(check, withNodemon)).toMatchObject({ status: 'fail', found: 'installed: nodemon', expected: 'none of nodemon, jest in /app/node_modules' });
    expect(await evaluate(check, facts())).toMatchObject({ status: 'pass', found: 'none installed' });
  });

  it('non-root', async () => {
    for (const user of ['', 'root', '0', '0:0']) {
      expect(await evaluate(cp({ kind: 'non-root' }), facts({ image: image({ user }) }))).toMatchObject({ status: 'fail' });
    }
    expect(await evaluate(cp({ kind: 'non-root' }), facts({ image: image({ user: 'node' }) }))).toMatchObject({ status: 'pass', found: 'runs as node' });
    expect(await evaluate(cp({ kind: 'non-root' }), facts({ image: image({ user: '1000:1000' }) }))).toMatchObject({ status: 'pass' });
  });

  it('http: status and body', async () => {
    const check = cp({ kind: 'http', port: 3000, bodyContains: 'Hello' });
    const ok = facts({ image: image({ http: { answered: true, status: 200, body: '{"message":"Hello"}' } }) });
    expect(await evaluate(check, ok)).toMatchObject({ status: 'pass', expected: 'HTTP 200 on port 3000/ with "Hello" in the body' });
    const wrongBody = facts({ image: image({ http: { answered: true, status: 200, body: 'Bye' } }) });
    expect(await evaluate(check, wrongBody)).toMatchObject({ status: 'fail', found: 'HTTP 200: Bye' });
    const exited = facts({ image: image({ http: { answered: false, reason: 'the container exited with code 1', logs: 'Error: Cannot find module' } }) });
    expect(await evaluate(check, exited)).toMatchObject({ status: 'fail', found: 'the container exited with code 1; container output: Error: Cannot find module' });
  });

  it('dockerignore-excludes, with Docker’s matching rules', async () => {
    const check = cp({ kind: 'dockerignore-excludes', paths: ['.env', 'node_modules/x/index.js', 'debug.log'] });
    expect(await evaluate(check, facts({ files: { '.dockerignore': 'node_modules\n*.log\n.env\n' } }))).toMatchObject({ status: 'pass' });
    expect(await evaluate(check, facts({ files: { '.dockerignore': 'node_modules\n' } }))).toMatchObject({ status: 'fail', found: 'still sent to the engine: .env, debug.log' });
    expect(await evaluate(check, facts())).toMatchObject({ status: 'fail' });
  });

  it('binary-runs: exit code, output, and a binary that cannot start', async () => {
    const check = cp({ kind: 'binary-runs', path: '/usr/local/bin/greeter', args: ['-version'], outputContains: 'greeter' });
    expect(await evaluate(check, facts())).toMatchObject({ status: 'pass', found: 'exit 0: greeter 1.0.0' });
    const trap = facts({ image: image({ run: { started: false, error: 'exec /usr/local/bin/greeter: no such file or directory' } }) });
    expect(await evaluate(check, trap)).toMatchObject({ status: 'fail', found: 'it does not start: exec /usr/local/bin/greeter: no such file or directory' });
    const crashes = facts({ image: image({ run: { started: true, exitCode: 2, output: 'flag provided but not defined', timedOut: false } }) });
    expect(await evaluate(check, crashes)).toMatchObject({ status: 'fail', found: 'exit 2: flag provided but not defined' });
  });

  it('lint-clean, at a chosen severity', async () => {
    const clean = 'FROM node:18 AS builder\nRUN npm ci --omit=dev\nFROM node:18-alpine\nCOPY --from=builder /app /app\nUSER node\nCMD ["node", "server.js"]\n';
    expect(await evaluate(cp({ kind: 'lint-clean' }), facts({ dockerfileText: clean }))).toMatchObject({ status: 'pass', found: 'none' });
    const rootAndTypo = 'FROM node:18 AS builder\nFROM node:18-alpine\nCOPY --from=bulid /app /app\n';
    expect(await evaluate(cp({ kind: 'lint-clean' }), facts({ dockerfileText: rootAndTypo }))).toMatchObject({
      status: 'fail',
      found: 'line 1: unused-stage, line 2: runs-as-root, line 3: copy-from-unknown-stage',
    });
    expect(await evaluate(cp({ kind: 'lint-clean', severity: 'error' }), facts({ dockerfileText: rootAndTypo }))).toMatchObject({ status: 'fail', found: 'line 3: copy-from-unknown-stage' });
  });

  // deps -> test and deps -> prod: the default build needs prod only.
  const pipeline = 'FROM node:18-alpine AS deps\nRUN npm ci\nFROM deps AS test\nRUN npm test\nFROM node:18-alpine AS prod\nCOPY --from=deps /app /app\n';
  const step = (name: string, status: 'done' | 'cached' = 'done') => ({ id: name, name, status });

  it('stage-from: the named stage starts FROM the other named stage', async () => {
    const check = cp({ kind: 'stage-from', stage: 'test', from: 'deps' });
    expect(await evaluate(check, facts({ dockerfileText: pipeline }))).toMatchObject({ status: 'pass', found: 'FROM deps AS test' });
    const fresh = pipeline.replace('FROM deps AS test', 'FROM node:18-alpine AS test');
    expect(await evaluate(check, facts({ dockerfileText: fresh }))).toMatchObject({ status: 'fail', found: 'FROM node:18-alpine AS test' });
    expect(await evaluate(check, facts())).toMatchObject({ status: 'fail', found: 'no stage named "test" (name one with FROM … AS test)' });
  });

  it('stage-skipped: read from the trace; a stage that ran, even from the cache, fails', async () => {
    const check = cp({ kind: 'stage-skipped', stage: 'test' });
    const defaultBuild = [step('[deps 1/2] FROM docker.io/library/node:18-alpine'), step('[deps 2/2] RUN npm ci'), step('[prod 2/2] COPY --from=deps /app /app')];
    expect(await evaluate(check, facts({ dockerfileText: pipeline, steps: defaultBuild }))).toMatchObject({ status: 'pass', found: 'skipped' });
    const ranTests = [...defaultBuild, step('[test 1/1] RUN npm test', 'cached')];
    expect(await evaluate(check, facts({ dockerfileText: pipeline, steps: ranTests }))).toMatchObject({ status: 'fail', found: 'it ran: 1 step, 1 of them from the cache (the final image needs it)' });
    expect(await evaluate(check, facts({ steps: defaultBuild }))).toMatchObject({ status: 'fail', found: 'no stage named "test"' });
    expect(await evaluate(check, facts({ dockerfileText: pipeline }))).toMatchObject({ status: 'skipped' });
    expect(await evaluate(check, facts({ dockerfileText: pipeline, steps: defaultBuild, target: 'test' }))).toMatchObject({ status: 'skipped' });
  });

  it('path-owner: the owner and, when asked, the permission bits', async () => {
    const check = cp({ kind: 'path-owner', path: '/etc/greeter/app.conf', uid: 65534, mode: '0400' });
    const owned = (uid: number, mode: number) => facts({ image: image({ owners: { '/etc/greeter/app.conf': { uid, gid: uid, mode } } }) });
    expect(await evaluate(check, owned(65534, 0o400))).toMatchObject({ status: 'pass', expected: '/etc/greeter/app.conf owned by uid 65534, mode 0400', found: 'owned by 65534:65534, mode 0400' });
    expect(await evaluate(check, owned(0, 0o400))).toMatchObject({ status: 'fail', found: 'owned by 0:0, mode 0400' });
    expect(await evaluate(check, owned(65534, 0o644))).toMatchObject({ status: 'fail', found: 'owned by 65534:65534, mode 0644' });
    expect(await evaluate(cp({ kind: 'path-owner', path: '/etc/greeter/app.conf', uid: 65534 }), owned(65534, 0o644))).toMatchObject({ status: 'pass' });
    expect(await evaluate(check, facts())).toMatchObject({ status: 'fail', found: 'no /etc/greeter/app.conf' });
  });

  it('cache-mount: a RUN mounts a cache at the target', async () => {
    const check = cp({ kind: 'cache-mount', target: '/root/.npm' });
    const mounted = 'FROM node:18-alpine\nRUN --mount=type=cache,target=/root/.npm/ npm ci\n';
    expect(await evaluate(check, facts({ dockerfileText: mounted }))).toMatchObject({ status: 'pass', found: 'cache mounts at /root/.npm/' });
    const elsewhere = 'FROM node:18-alpine\nRUN --mount=type=cache,target=/tmp/npm npm ci\nRUN --mount=type=bind,target=/root/.npm true\n';
    expect(await evaluate(check, facts({ dockerfileText: elsewhere }))).toMatchObject({ status: 'fail', found: 'cache mounts at /tmp/npm' });
    expect(await evaluate(check, facts())).toMatchObject({ status: 'fail', found: 'no cache mount' });
  });

  it('answers every image checkpoint with "no image" when the build failed', async () => {
    const failed = facts({ ok: false, failure: 'boom' });
    delete failed.image;
    for (const raw of [{ kind: 'max-size', mb: 1 }, { kind: 'path-present', path: '/x' }, { kind: 'non-root' }, { kind: 'http', port: 80 }]) {
      expect(await evaluate(cp(raw), failed)).toMatchObject({ status: 'fail', found: 'no image: the build did not succeed' });
    }
  });
});

describe('evaluate, from the image analysis', () => {
  const waste = { wastedBytes: 12_400_000, efficiency: 0.955, wastedFiles: 700, offenders: [{ path: '/app/node_modules', kind: 'dir' as const, files: 700, bytes: 12_400_000, layers: [3, 5] }] };

  it('max-wasted and min-efficiency read the waste dive would show, naming the worst offender', async () => {
    expect(await evaluate(cp({ kind: 'max-wasted', mb: 20 }), facts({ waste }))).toMatchObject({ status: 'pass', found: '12.4 MB wasted, efficiency 95.5%; most: /app/node_modules (12.4 MB, layers 3, 5)' });
    expect(await evaluate(cp({ kind: 'max-wasted', mb: 5 }), facts({ waste }))).toMatchObject({ status: 'fail', expected: 'at most 5 MB of wasted space' });
    expect(await evaluate(cp({ kind: 'min-efficiency', percent: 99 }), facts({ waste }))).toMatchObject({ status: 'fail', expected: 'an efficiency of at least 99%' });
    expect(await evaluate(cp({ kind: 'min-efficiency', percent: 95 }), facts({ waste }))).toMatchObject({ status: 'pass' });
  });

  it('skips the waste checks when there is no analysis, rather than failing the learner', async () => {
    expect(await evaluate(cp({ kind: 'max-wasted', mb: 20 }), facts())).toMatchObject({ status: 'skipped', found: expect.stringMatching(/^not checked/) });
  });

  it('skips every check of the build or its image when the build stopped at a --target stage; Dockerfile checks still run', async () => {
    const target = facts({ target: 'builder', waste });
    for (const kind of [{ kind: 'builds' }, { kind: 'max-size', mb: 150 }, { kind: 'path-absent', path: '/usr/bin/gcc' }, { kind: 'non-root' }, { kind: 'max-wasted', mb: 1 }]) {
      expect(await evaluate(cp(kind), target)).toMatchObject({ status: 'skipped', found: 'not checked: this build stopped at stage "builder"; build the whole Dockerfile to check it' });
    }
    expect(await evaluate(cp({ kind: 'stages', min: 2 }), target)).toMatchObject({ status: 'pass' });
  });
});
