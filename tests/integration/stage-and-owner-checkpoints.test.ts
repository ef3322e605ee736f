// The checkpoints that read a build's trace and a file's owner, through the build socket as a
// learner's build goes (labs:verify takes another path to the same checks): a plain build of
// the pipeline lab's solution skips its test stage, a --target test build runs it and leaves
// the verdict unanswered, and a settings file copied with --chmod=0400 alone stays root's and
// locks the app out, read back as uid 0 through the engine's user namespace.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { config } from '../../server/config.ts';
import { BuildClient, startBuildServer, type TestServer } from '../support/build-socket-client.ts';

const solution = (lab: string) => fs.readFileSync(path.join(config.labsDir, lab, 'solution/Dockerfile'), 'utf8');
const verdict = (checked: Awaited<ReturnType<BuildClient['build']>>['checkpoints'], step: string, id: string) =>
  checked?.steps.find((s) => s.step === step)?.checkpoints.find((c) => c.id === id);

let server: TestServer;
let client: BuildClient;
beforeAll(async () => {
  server = await startBuildServer();
  client = await BuildClient.connect(server.url);
});
afterAll(async () => {
  client.close();
  await server.close();
});

describe('stage-skipped, through the build socket', () => {
  it('passes when a plain build skips the test stage; a --target test build runs the tests and is not answered', async () => {
    const plain = await client.build('multistage-pipeline', solution('multistage-pipeline'));
    expect(plain.result.ok).toBe(true);
    expect(verdict(plain.checkpoints, 'test-stage', 'tests-skipped')).toMatchObject({ status: 'pass', found: 'skipped' });
    const steps = plain.messages.flatMap((r) => (r.message.type === 'step' ? [r.message.name] : []));
    expect(steps.some((name) => name.startsWith('[test '))).toBe(false);

    const targeted = await client.build('multistage-pipeline', solution('multistage-pipeline'), { target: 'test' });
    expect(targeted.result).toMatchObject({ ok: true, target: 'test' });
    const logged = targeted.messages.flatMap((r) => (r.message.type === 'step' ? [r.message.name] : []));
    expect(logged).toContain('[test 3/3] RUN npm test');
    expect(verdict(targeted.checkpoints, 'test-stage', 'tests-skipped')).toMatchObject({ status: 'skipped' });
    expect(verdict(targeted.checkpoints, 'test-stage', 'test-inherits-deps')).toMatchObject({ status: 'pass' });
  });
});

describe('path-owner, through the build socket', () => {
  it('reads a root-owned file as uid 0, and greeter as 65534 cannot read it when --chmod=0400 comes without --chown', async () => {
    const chmodOnly = solution('multistage-scratch').replace('COPY --chown=65534:65534 --chmod=0400 app.conf', 'COPY --chmod=0400 app.conf');
    expect(chmodOnly).not.toBe(solution('multistage-scratch'));
    const built = await client.build('multistage-scratch', chmodOnly);
    expect(built.result.ok).toBe(true);
    expect(verdict(built.checkpoints, 'settings', 'owned-0400')).toMatchObject({ status: 'fail', found: 'owned by 0:0, mode 0400' });
    expect(verdict(built.checkpoints, 'settings', 'app-reads-it')).toMatchObject({ status: 'fail', found: expect.stringContaining('permission denied') });
  });
});
