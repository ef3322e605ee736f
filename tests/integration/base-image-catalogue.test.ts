// A base image added only through the catalogue (labs/base-images.ts: busybox:1.35, which
// `prepare` built and pulled into the engines) is usable by a lab: the lab loads, its
// Dockerfile builds FROM it through the real build socket on the sandbox engine, its
// checkpoints pass there, and labs:verify agrees. An image outside the catalogue is refused.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildClient as Client, TestServer } from '../support/build-socket-client.ts';

const root = path.resolve(import.meta.dirname, '../..');
const labsDir = fs.mkdtempSync(path.join(root, '.cache', 'base-image-catalogue-'));
// The in-process server reads its labs from here (config reads the variable when first imported).
process.env.MSLAB_LABS_DIR = labsDir;
const { config } = await import('../../server/config.ts');
const { baseImages } = await import('../../shared/base-images.ts');
const { loadLab } = await import('../../server/labs/lab-registry.ts');
const { verifyLab } = await import('../../server/labs/verify-labs.ts');
const { dockerFor } = await import('../../server/engine/engine-pool.ts');
const { BuildClient, isType, startBuildServer } = await import('../support/build-socket-client.ts');

const IMAGE = 'busybox:1.35';
// The Go example's app, built static and shipped on busybox.
const solution = `FROM golang:1.19 AS builder
WORKDIR /src
COPY go.mod main.go ./
RUN CGO_ENABLED=0 go build -o /out/greeter .

FROM ${IMAGE}
COPY --from=builder /out/greeter /usr/local/bin/greeter
USER nobody
CMD ["greeter"]
`;
const starter = solution.replace('CGO_ENABLED=0 ', '');
const lab = {
  title: 'Ship a static Go binary on busybox',
  summary: 'A lab on a base image that only the catalogue adds.',
  context: 'app',
  baseImages: ['golang:1.19', IMAGE],
  editors: [{ file: 'Dockerfile', label: 'Dockerfile', description: 'Go builder, busybox runtime.', starter: 'starter/Dockerfile', solution: 'solution/Dockerfile' }],
  steps: [
    {
      id: 'ship',
      title: 'Ship the binary on busybox',
      file: 'Dockerfile',
      checkpoints: [
        { id: 'base', kind: 'final-base', allowed: [IMAGE], title: 'The final stage is busybox', starter: 'pass' },
        { id: 'small', kind: 'max-size', mb: 15, title: 'Under 15 MB', starter: 'pass' },
        { id: 'runs', kind: 'binary-runs', path: '/usr/local/bin/greeter', args: ['-version'], outputContains: 'greeter', title: 'greeter runs on busybox', starter: 'fail' },
      ],
    },
  ],
};

let server: TestServer;
let client: Client;
beforeAll(async () => {
  const dir = path.join(labsDir, 'busybox-ship');
  fs.cpSync(path.join(root, 'labs', 'multistage-go', 'app'), path.join(dir, 'app'), { recursive: true });
  for (const [name, text] of [['starter/Dockerfile', starter], ['solution/Dockerfile', solution], ['lab.ts', `export default ${JSON.stringify(lab, null, 2)};\n`]] as const) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  server = await startBuildServer();
  client = await BuildClient.connect(server.url);
});
afterAll(async () => {
  client?.close();
  await server?.close();
  fs.rmSync(labsDir, { recursive: true, force: true });
});

describe('a base image from the catalogue only', () => {
  it('is in the catalogue with a stand-in recipe, and the server reads this labs folder', () => {
    expect(config.labsDir).toBe(labsDir);
    expect(baseImages().find((i) => i.name === IMAGE)?.standIn).toEqual({ kind: 'busybox' });
  });

  it('builds FROM it through the build socket, and the checkpoints run on it', async () => {
    const { result, checkpoints } = await client.build('busybox-ship', solution);
    expect(result, JSON.stringify(result)).toMatchObject({ ok: true, outcome: 'success', stages: 2 });
    expect(result.imageSize!).toBeLessThan(15e6);
    console.log(`solution on ${IMAGE}: ${(result.imageSize! / 1e6).toFixed(1)} MB in ${result.durationMs} ms`);
    const verdicts = checkpoints!.steps.flatMap((s) => s.checkpoints.map((c) => [c.id, c.status, c.found]));
    expect(verdicts).toEqual([
      ['base', 'pass', expect.stringContaining(IMAGE)],
      ['small', 'pass', expect.stringMatching(/MB$/)],
      ['runs', 'pass', expect.stringContaining('greeter')],
    ]);
  });

  it('passes labs:verify: the cgo-linked starter does not start on busybox, the static solution does', async () => {
    const report = await verifyLab(await loadLab(labsDir, 'busybox-ship'), dockerFor(config.sandbox.endpoints[0]!), config);
    expect(report.mismatches).toEqual([]);
    expect(report.rows.find((r) => r.variant === 'starter' && r.checkpoint === 'runs')?.found).toMatch(/no such file or directory/);
  });

  it('refuses an image outside the catalogue before building, naming those it has', async () => {
    const refused = client.next(isType('error'));
    client.send({ type: 'build', lab: 'busybox-ship', file: 'Dockerfile', files: { Dockerfile: solution.replace(IMAGE, 'busybox:1.36') } });
    const error = await refused;
    expect(error.code).toBe('refused');
    expect(error.message).toContain('busybox:1.36');
    expect(error.message).toContain(`golang:1.19, ${IMAGE} and scratch`);
  });
});
