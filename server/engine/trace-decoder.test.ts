import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { TraceDecoder } from './trace-decoder.ts';

const require = createRequire(import.meta.url);
const StatusResponse = protobuf
  .loadSync(path.join(path.dirname(require.resolve('dockerode')), 'proto', 'buildkit_status.proto'))
  .lookupType('moby.buildkit.v1.StatusResponse');
const encode = (status: object) => Buffer.from(StatusResponse.encode(StatusResponse.fromObject(status)).finish()).toString('base64');

describe('TraceDecoder', () => {
  it('announces a step once per state change, with its duration', () => {
    const decoder = new TraceDecoder();
    const vertex = { digest: 'sha256:a', name: '[builder 2/4] RUN npm ci' };
    const started = { seconds: 100, nanos: 0 };
    expect(decoder.decode(encode({ vertexes: [{ ...vertex, started }] }))).toEqual([
      { type: 'step', id: 'sha256:a', name: '[builder 2/4] RUN npm ci', status: 'running' },
    ]);
    expect(decoder.decode(encode({ vertexes: [{ ...vertex, started }] }))).toEqual([]);
    expect(decoder.decode(encode({ vertexes: [{ ...vertex, started, completed: { seconds: 102, nanos: 500_000_000 } }] }))).toEqual([
      { type: 'step', id: 'sha256:a', name: '[builder 2/4] RUN npm ci', status: 'done', durationMs: 2500 },
    ]);
  });

  it('reports cached steps and failed steps with their error', () => {
    const decoder = new TraceDecoder();
    const events = decoder.decode(
      encode({
        vertexes: [
          { digest: 'sha256:c', name: '[1/3] FROM node:18', cached: true, started: { seconds: 1 }, completed: { seconds: 1 } },
          { digest: 'sha256:e', name: '[3/3] RUN exit 3', started: { seconds: 1 }, completed: { seconds: 2 }, error: 'exit code: 3' },
        ],
      }),
    );
    expect(events).toEqual([
      { type: 'step', id: 'sha256:c', name: '[1/3] FROM node:18', status: 'cached' },
      { type: 'step', id: 'sha256:e', name: '[3/3] RUN exit 3', status: 'error', error: 'exit code: 3', durationMs: 1000 },
    ]);
    expect(decoder.failedStep()).toBe('[3/3] RUN exit 3');
  });

  it('turns vertex logs into text on stdout or stderr', () => {
    const decoder = new TraceDecoder();
    const events = decoder.decode(
      encode({
        logs: [
          { vertex: 'sha256:a', stream: 1, msg: Buffer.from('added 71 packages\n') },
          { vertex: 'sha256:a', stream: 2, msg: Buffer.from('npm warn\n') },
          { vertex: 'sha256:a', stream: 1, msg: Buffer.alloc(0) },
        ],
      }),
    );
    expect(events).toEqual([
      { type: 'log', step: 'sha256:a', stream: 'stdout', text: 'added 71 packages\n' },
      { type: 'log', step: 'sha256:a', stream: 'stderr', text: 'npm warn\n' },
    ]);
  });

  it('decodes a real trace recorded from the engine', () => {
    const decoder = new TraceDecoder();
    const lines = fs.readFileSync(path.join(import.meta.dirname, 'fixtures/failing-build.ndjson'), 'utf8').trim().split('\n');
    const events = lines
      .map((line) => JSON.parse(line) as { id?: string; aux?: string })
      .filter((line) => line.id === 'moby.buildkit.trace')
      .flatMap((line) => decoder.decode(line.aux!));
    const logs = events.filter((e) => e.type === 'log').map((e) => e.text);
    expect(logs.join('')).toContain('hello from the build');
    expect(logs.join('')).toContain('oops');
    // A single-stage build names steps without the stage: "[3/3]", not "[base 3/3]".
    expect(decoder.failedStep()).toBe('[3/3] RUN echo oops >&2 && exit 3');
  });
});
