import { describe, expect, it } from 'vitest';
import { strings } from '../../strings.ts';
import { analysisLogLine, skippedStagesLine } from './analysis-log.ts';
import { stageTargets } from './stage-picker.ts';

describe('the stages a build can stop at', () => {
  it('lists the named stages before the last', () => {
    expect(stageTargets('FROM node:18 AS Builder\nRUN x\nFROM builder AS test\nFROM alpine AS final\n')).toEqual(['builder', 'test']);
  });
  it('has none for one stage, unnamed stages, or no FROM', () => {
    expect(stageTargets('FROM node:18 AS only\n')).toEqual([]);
    expect(stageTargets('FROM node:18\nFROM alpine\n')).toEqual([]);
    expect(stageTargets('# nothing yet\n')).toEqual([]);
  });
});

describe('the log lines about stages and the analysis', () => {
  const s = strings.workbench.image;
  const dockerfile = 'FROM node:18 AS builder\nRUN npm ci\nFROM node:18-alpine\nCOPY --from=builder /app /app\n';
  const builderSteps = [
    { id: 'a', name: '[builder 1/2] FROM docker.io/library/node:18', status: 'done' as const },
    { id: 'b', name: '[builder 2/2] RUN npm ci', status: 'cached' as const },
  ];
  it('names the stages a --target build skipped, from its steps', () => {
    expect(skippedStagesLine(dockerfile, builderSteps, 'builder', s)).toBe('Stages skipped in this build: stage-1');
  });
  it('says nothing when every stage ran, or for one stage', () => {
    const all = [...builderSteps, { id: 'c', name: '[stage-1 1/2] FROM docker.io/library/node:18-alpine', status: 'done' as const }, { id: 'd', name: '[stage-1 2/2] COPY --from=builder /app /app', status: 'done' as const }];
    expect(skippedStagesLine(dockerfile, all, undefined, s)).toBeUndefined();
    expect(skippedStagesLine('FROM alpine\n', [], undefined, s)).toBeUndefined();
  });
  it('says why there is no analysis, and nothing when there is one', () => {
    expect(analysisLogLine({ type: 'analysis', buildId: 'b', seq: 3, error: 'too many files' }, s)).toBe('No look inside the image this time: too many files');
    const summary = { imageSize: 1, layers: 1, files: 1, wastedBytes: 0, efficiency: 1, topOffenders: [], stages: [], durationMs: 1 };
    expect(analysisLogLine({ type: 'analysis', buildId: 'b', seq: 3, summary }, s)).toBeUndefined();
  });
});
