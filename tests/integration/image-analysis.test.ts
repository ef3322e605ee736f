// The image analysis on the real sandbox engine: the node lab's regular and multi-stage images
// against `docker history`, wasted space from a delete in a later layer and from node_modules
// copied twice, whiteouts and opaque folders; then the same through a learner's build socket:
// the `analysis` message, the HTTP routes (own builds only), the comparison, the size
// history, and a build that stops at a --target stage.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { config } from '../../server/config.ts';
import { analyzeImage, type AnalysisOutcome } from '../../server/image-analysis/analyze-image.ts';
import { newLearnerId } from '../../server/progress/learner-cookie.ts';
import { compareAnalyses } from '../../shared/image-analysis/compare.ts';
import { imageAnalysisSchema, imageComparisonSchema, sizeHistorySchema, type ImageAnalysis } from '../../shared/image-analysis/schema.ts';
import { isPresent, pathOf } from '../../shared/image-analysis/tree.ts';
import { GET as getAnalysis } from '../../src/pages/api/labs/[lab]/builds/[buildId]/analysis.ts';
import { GET as getComparison } from '../../src/pages/api/labs/[lab]/builds/compare.ts';
import { GET as getSizeHistory } from '../../src/pages/api/labs/[lab]/size-history.ts';
import { BuildClient, isType, learnerCookie, startBuildServer, type TestServer } from '../support/build-socket-client.ts';
import { buildLabImage } from '../support/lab-image.ts';

const lab = 'multistage-node';
const labFile = (name: string) => fs.readFileSync(path.join(config.labsDir, lab, name), 'utf8');

async function analyzed(dockerfile: string, options: { target?: string } = {}): Promise<AnalysisOutcome & { history: Array<{ CreatedBy: string; Size: number }> }> {
  const image = await buildLabImage(lab, dockerfile, options);
  try {
    const outcome = await analyzeImage(
      image.docker,
      image.imageId,
      { buildId: 'test-build', lab, file: 'Dockerfile', dockerfile, steps: image.steps, imageSize: image.imageSize, ...options },
      { signal: AbortSignal.timeout(60_000), maxPaths: config.limits.analysisMaxPaths },
    );
    const history = (await image.docker.getImage(image.imageId).history()) as Array<{ CreatedBy: string; Size: number }>;
    return { ...outcome, history: history.reverse() };
  } finally {
    await image.remove();
  }
}

const find = (analysis: ImageAnalysis, wanted: string) => analysis.tree.find((_, i) => pathOf(analysis.tree, i) === wanted);

describe('image analysis on the real engine', () => {
  let regular: Awaited<ReturnType<typeof analyzed>>;
  let multi: Awaited<ReturnType<typeof analyzed>>;
  beforeAll(async () => {
    regular = await analyzed(labFile('starter/Dockerfile'));
    multi = await analyzed(labFile('solution/Dockerfile'));
  });

  it('has one layer row per docker history entry, with the same sizes, read from the tars', () => {
    for (const { analysis, history, sizeMismatches } of [regular, multi]) {
      expect(imageAnalysisSchema.parse(analysis)).toBeTruthy();
      expect(analysis.layers.map((l) => [l.createdBy, l.size])).toEqual(history.map((h) => [h.CreatedBy, h.Size]));
      expect(sizeMismatches).toEqual([]);
      expect(analysis.summary.layers).toBe(analysis.layers.filter((l) => !l.empty).length);
    }
    console.log(`regular: ${regular.analysis.summary.layers} layers, ${regular.analysis.summary.files} paths, ${regular.analysis.summary.durationMs} ms; multi-stage: ${multi.analysis.summary.layers} layers, ${multi.analysis.summary.durationMs} ms`);
  });

  it('ties layers to the learner\'s Dockerfile lines and flags the base image\'s', () => {
    expect(regular.analysis.layers.map((l) => (l.base ? 'base' : `${l.instruction!.line}: ${l.instruction!.text}`))).toEqual([
      'base',
      '3: WORKDIR /app',
      '4: COPY . .',
      '5: RUN npm install',
      '6: EXPOSE 3000',
      '7: CMD ["node", "server.js"]',
    ]);
    const copy = multi.analysis.layers.find((l) => l.createdBy.startsWith('COPY /app/node_modules'));
    expect(copy?.instruction).toMatchObject({ stage: 1, line: 13, text: 'COPY --from=builder /app/node_modules ./node_modules' });
  });

  it('has nodemon in the regular image and not in the multi-stage one, and says so in the comparison', () => {
    expect(isPresent(find(regular.analysis, '/app/node_modules/nodemon')!)).toBe(true);
    expect(find(multi.analysis, '/app/node_modules/nodemon')).toBeUndefined();
    expect(find(multi.analysis, '/app/node_modules/express')).toBeDefined();
    const comparison = imageComparisonSchema.parse(compareAnalyses(regular.analysis, multi.analysis));
    expect(comparison.byPackage.find((r) => r.path === '/app/node_modules/nodemon')).toMatchObject({ b: 0 });
    expect(comparison.onlyInA.paths.map((p) => p.path)).toContain('/app/node_modules/nodemon');
    expect(comparison.byPackage.find((r) => r.path === '/usr/lib/gcc')!.a).toBeGreaterThan(10e6);
  });

  it('shows the stages graph with what BuildKit did', () => {
    expect(multi.analysis.stages.edges).toEqual([
      { from: 0, to: 1, kind: 'copy', line: 13 },
      { from: 0, to: 1, kind: 'copy', line: 14 },
    ]);
    expect(multi.analysis.stages.stages.map((s) => [s.label, s.needed, s.steps > 0])).toEqual([
      ['builder', true, true],
      ['stage-1', true, true],
    ]);
  });

  it('counts a file deleted in a later layer as wasted, and follows whiteouts and opaque folders', async () => {
    const { analysis, sizeMismatches } = await analyzed(
      [
        'FROM node:18-alpine',
        'RUN dd if=/dev/zero of=/big bs=1024 count=2048 && mkdir -p /d && echo a > /d/a && echo b > /d/b',
        'RUN rm /big && rm -rf /d && mkdir /d && echo c > /d/c',
      ].join('\n'),
    );
    expect(sizeMismatches).toEqual([]);
    expect(find(analysis, '/big')!.changes.map((c) => [c.layer, c.change, c.size])).toEqual([
      [1, 'added', 2048 * 1024],
      [2, 'removed', 0],
    ]);
    expect(isPresent(find(analysis, '/d/a')!)).toBe(false);
    expect(isPresent(find(analysis, '/d/c')!)).toBe(true);
    expect(analysis.waste.wastedBytes).toBeGreaterThanOrEqual(2048 * 1024);
    expect(analysis.waste.offenders[0]).toMatchObject({ path: '/big', bytes: 2048 * 1024, layers: [1, 2] });
    expect(analysis.layers[2]!.changes.removed.files).toBeGreaterThanOrEqual(3);
  });

  it('finds node_modules copied twice by name (the chapter\'s original solution)', async () => {
    const twice = labFile('solution/Dockerfile').replace(
      'COPY --from=builder /app/node_modules ./node_modules',
      'COPY --from=builder /app ./\nCOPY --from=builder /app/node_modules ./node_modules',
    );
    const { analysis } = await analyzed(twice);
    const offender = analysis.waste.offenders[0]!;
    expect(offender).toMatchObject({ path: '/app/node_modules', kind: 'dir' });
    expect(offender.files).toBeGreaterThan(100);
    expect(offender.layers).toHaveLength(2);
    expect(analysis.waste.efficiency).toBeLessThan(1);
  });
});

describe('image analysis through a learner\'s builds', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startBuildServer();
  });
  afterAll(async () => {
    await server.close();
  });

  const context = (learner: string, params: Record<string, string>, query = '', encoding = 'gzip') => {
    const url = new URL(`http://localhost/api/labs/${lab}/x${query}`);
    const request = new Request(url, { headers: { Cookie: learnerCookie(learner), 'Accept-Encoding': encoding } });
    return { params: { lab, ...params }, request, url } as unknown as Parameters<typeof getAnalysis>[0];
  };

  it('announces the analysis before the checkpoints, serves it to its learner only, compares builds and keeps the size history', async () => {
    const learner = newLearnerId();
    const client = await BuildClient.connect(server.url, { Cookie: learnerCookie(learner) });
    const regular = await client.build(lab, labFile('starter/Dockerfile'), { file: 'Dockerfile.regular' });
    const multi = await client.build(lab, labFile('solution/Dockerfile'), { dockerignore: labFile('solution/.dockerignore') });
    client.close();
    for (const build of [regular, multi]) {
      const types = build.messages.map((r) => r.message.type);
      expect(types.indexOf('analysis')).toBeGreaterThan(types.indexOf('result'));
      expect(types.indexOf('analysis')).toBeLessThan(types.indexOf('checkpoints'));
    }
    const announced = multi.messages.map((r) => r.message).find(isType('analysis'))!;
    expect(announced.summary).toMatchObject({ imageSize: multi.result.imageSize, wastedBytes: 0 });
    // Path checks answered from the analysis agree with the engine: the solution passes them all.
    expect(multi.checkpoints!.steps.flatMap((s) => s.checkpoints).every((c) => c.status === 'pass')).toBe(true);

    const response = await getAnalysis(context(learner, { buildId: multi.result.buildId }));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-encoding')).toBe('gzip');
    const plain = await getAnalysis(context(learner, { buildId: multi.result.buildId }, '', 'identity'));
    const analysis = imageAnalysisSchema.parse(await plain.json());
    expect(analysis.summary).toEqual(announced.summary);
    expect((await getAnalysis(context(newLearnerId(), { buildId: multi.result.buildId }))).status).toBe(404);

    const compared = await getComparison(context(learner, {}, `?a=${regular.result.buildId}&b=${multi.result.buildId}`));
    const comparison = imageComparisonSchema.parse(await compared.json());
    expect(comparison.onlyInA.paths.map((p) => p.path)).toContain('/app/node_modules/nodemon');

    const history = sizeHistorySchema.parse(await (await getSizeHistory(context(learner, {}))).json());
    const multiHistory = history.files.find((f) => f.file === 'Dockerfile')!;
    expect(multiHistory.target).toEqual({ maxBytes: 150e6, relative: { of: 'Dockerfile.regular', maxPercent: 40 } });
    expect(multiHistory.builds).toMatchObject([{ buildId: multi.result.buildId, imageSize: multi.result.imageSize, wastedBytes: 0, efficiency: 1 }]);
    expect(history.files.find((f) => f.file === 'Dockerfile.regular')!.builds).toHaveLength(1);
  });

  it('builds up to a --target stage: the stage graph says what was skipped, checks of the final image are skipped, a stage that does not exist is refused', async () => {
    const client = await BuildClient.connect(server.url);
    const from = client.received.length;
    const result = client.next(isType('result'));
    const checkpoints = client.next(isType('checkpoints'));
    client.send({ type: 'build', lab, file: 'Dockerfile', target: 'builder', files: { Dockerfile: labFile('solution/Dockerfile') } });
    expect(await result).toMatchObject({ ok: true, target: 'builder' });
    const verdicts = (await checkpoints).steps.flatMap((s) => s.checkpoints);
    expect(verdicts.find((v) => v.id === 'no-compiler')).toMatchObject({ status: 'skipped', found: expect.stringContaining('stage "builder"') });
    expect(verdicts.find((v) => v.id === 'two-stages')).toMatchObject({ status: 'pass' });
    const analysis = client.received.slice(from).map((r) => r.message).find(isType('analysis'))!;
    expect(analysis.summary!.stages).toEqual([
      { index: 0, label: 'builder', status: expect.stringMatching(/built|cached/) },
      { index: 1, label: 'stage-1', status: 'skipped' },
    ]);

    const refused = client.next(isType('error'));
    client.send({ type: 'build', lab, file: 'Dockerfile', target: 'nope', files: { Dockerfile: labFile('solution/Dockerfile') } });
    expect(await refused).toMatchObject({ code: 'bad-message', message: 'target: no stage is named "nope"; the stages with a name are builder' });
    client.close();
  });
});
