// Checkpoints through the build protocol: verdicts follow the result, a failed build fails
// "builds", and a learner with a valid cookie finds the verdicts in the progress store.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { config } from '../../server/config.ts';
import { cookieValue, LEARNER_COOKIE, newLearnerId } from '../../server/progress/learner-cookie.ts';
import { cookieSecret, progressStore } from '../../server/progress/shared.ts';
import { BuildClient, startBuildServer, type TestServer } from '../support/build-socket-client.ts';

const lab = 'multistage-node';
const labFile = (name: string) => fs.readFileSync(path.join(config.labsDir, lab, name), 'utf8');

let server: TestServer;
beforeAll(async () => {
  server = await startBuildServer();
});
afterAll(async () => {
  await server.close();
});

describe('checkpoints after a build', () => {
  it('fails "builds" (and every image check) when the build fails', async () => {
    const client = await BuildClient.connect(server.url);
    const { result, checkpoints } = await client.build(lab, 'FROM node:18\nRUN exit 9\n', { file: 'Dockerfile.regular' });
    client.close();
    expect(result).toMatchObject({ ok: false, checking: true });
    const firstStep = checkpoints?.steps.find((s) => s.step === 'get-the-app');
    expect(firstStep?.checkpoints.find((c) => c.id === 'builds')).toMatchObject({ status: 'fail', found: expect.stringContaining('exit code: 9') });
    expect(firstStep?.checkpoints.find((c) => c.id === 'server-js')).toMatchObject({ status: 'fail', found: 'no image: the build did not succeed' });
  });

  it('stores a cookie learner’s verdicts and uses their own regular build as the baseline', async () => {
    const learner = newLearnerId();
    const cookie = `${LEARNER_COOKIE}=${cookieValue(learner, cookieSecret())}`;
    const client = await BuildClient.connect(server.url, { Cookie: cookie });
    const regular = await client.build(lab, labFile('starter/Dockerfile'), { file: 'Dockerfile.regular' });
    expect(regular.checkpoints?.steps.map((s) => s.step)).toEqual(['get-the-app', 'single-stage']);
    const multi = await client.build(lab, labFile('solution/Dockerfile'), { dockerignore: labFile('solution/.dockerignore') });
    client.close();
    console.log(`verdicts for the multi-stage file after its result: ${multi.checkpoints?.durationMs} ms`);
    const verdicts = Object.fromEntries(multi.checkpoints!.steps.map((s) => [s.step, s.checkpoints.map((c) => c.status)]));
    expect(verdicts).toEqual({ 'multi-stage': ['pass', 'pass', 'pass', 'pass'], compare: ['pass', 'pass'], run: ['pass', 'pass'], extras: ['pass', 'pass', 'pass', 'pass', 'pass'] });

    const progress = progressStore().progress(learner, lab);
    expect(progress.builds['Dockerfile.regular']).toMatchObject({ ok: true, stages: 1 });
    expect(progress.builds.Dockerfile).toMatchObject({ ok: true, stages: 2 });
    expect(progress.verdicts['multi-stage']?.['two-stages']).toMatchObject({ status: 'pass', found: '2' });
    expect(progress.verdicts.compare?.['much-smaller']?.found).toMatch(/^2\d% \(/);
  });

  it('refuses a build socket without a valid cookie: nothing is built for nobody', async () => {
    const forged = `${LEARNER_COOKIE}=${newLearnerId()}.forged`;
    await expect(BuildClient.connect(server.url, { Cookie: forged })).rejects.toThrow(/401/);
  });
});
