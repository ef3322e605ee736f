// The stages graph of a Dockerfile and what a build's steps say about each stage.
import { describe, expect, it } from 'vitest';
import { parseStepName, stageGraph, targetProblem } from './stage-graph.ts';

const DOCKERFILE = [
  'FROM node:18 AS deps', //               1
  'WORKDIR /app', //                       2
  'RUN npm ci', //                         3
  'FROM deps AS test', //                  4
  'RUN npm test', //                       5
  'FROM golang:1.19 AS tools', //          6
  'RUN --mount=type=bind,from=deps,target=/d true', // 7
  'FROM node:18-alpine', //                8
  'ENV NODE_ENV=production', //            9
  'COPY --from=deps /app/node_modules ./node_modules', // 10
  'CMD ["node", "server.js"]', //          11
].join('\n');

describe('parseStepName', () => {
  it('reads BuildKit step names, padded or not, and ignores its own steps', () => {
    expect(parseStepName('[builder 2/4] RUN npm ci')).toEqual({ label: 'builder', number: 2, total: 4, text: 'RUN npm ci' });
    expect(parseStepName('[ 3/12] COPY . .')).toEqual({ label: '', number: 3, total: 12, text: 'COPY . .' });
    expect(parseStepName('[stage-1  3/12] COPY . .')).toMatchObject({ label: 'stage-1', number: 3 });
    expect(parseStepName('[internal] load build definition from Dockerfile')).toBeUndefined();
  });
});

describe('stageGraph', () => {
  it('draws bases, FROM/COPY/mount edges and what the final image needs', () => {
    const graph = stageGraph(DOCKERFILE)!;
    expect(graph.final).toBe(3);
    expect(graph.stages.map((s) => [s.label, s.base, s.baseStage, s.line, s.needed])).toEqual([
      ['deps', 'node:18', undefined, 1, true],
      ['test', 'deps', 0, 4, false],
      ['tools', 'golang:1.19', undefined, 6, false],
      ['stage-3', 'node:18-alpine', undefined, 8, true],
    ]);
    expect(graph.edges).toEqual([
      { from: 0, to: 1, kind: 'from', line: 4 },
      { from: 0, to: 2, kind: 'mount', line: 7 },
      { from: 0, to: 3, kind: 'copy', line: 10 },
    ]);
  });

  it('says which stages BuildKit built, took from its cache or skipped; a --target changes what is needed', () => {
    const steps = [
      { id: 'a', name: '[deps 1/3] FROM docker.io/library/node:18', status: 'done' as const },
      { id: 'b', name: '[deps 2/3] WORKDIR /app', status: 'cached' as const },
      { id: 'c', name: '[deps 3/3] RUN npm ci', status: 'running' as const },
      { id: 'c', name: '[deps 3/3] RUN npm ci', status: 'cached' as const },
      // A stage on another stage has no FROM step (BuildKit, seen on the sandbox): its first RUN is 1/n.
      { id: 'e', name: '[test 1/1] RUN npm test', status: 'done' as const },
      // A step another build named first, or of a stage this Dockerfile does not have: ignored.
      { id: 'f', name: '[builder 2/5] WORKDIR /app', status: 'done' as const },
      { id: 'g', name: '[test 1/1] COPY . .', status: 'done' as const },
    ];
    const graph = stageGraph(DOCKERFILE, { target: 'TEST', steps })!;
    expect(graph.final).toBe(1);
    expect(graph.target).toBe('TEST');
    expect(graph.stages.map((s) => [s.label, s.needed, s.status, s.steps, s.cachedSteps])).toEqual([
      ['deps', true, 'cached', 3, 2],
      ['test', true, 'built', 1, 0],
      ['tools', false, 'skipped', 0, 0],
      ['stage-3', false, 'skipped', 0, 0],
    ]);
  });

  it('labels the one stage of a single-stage Dockerfile as BuildKit does (no label)', () => {
    const graph = stageGraph('FROM node:18\nRUN true\n', { steps: [{ id: 'x', name: '[2/2] RUN true', status: 'done' }] })!;
    expect(graph.stages).toMatchObject([{ label: '', status: 'built', steps: 1 }]);
  });
});

describe('targetProblem', () => {
  it('accepts a named stage in any case and names the stages otherwise', () => {
    expect(targetProblem(DOCKERFILE, 'Deps')).toBeUndefined();
    expect(targetProblem(DOCKERFILE, 'builder')).toBe('target: no stage is named "builder"; the stages with a name are deps, test, tools');
    expect(targetProblem('FROM node:18\n', 'x')).toMatch(/names no stage/);
  });
});
