import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BuildOutputParser } from './build-output.ts';

describe('BuildOutputParser', () => {
  it('reads a failed build from the engine: steps, logs, then the failure', () => {
    const parser = new BuildOutputParser();
    const text = fs.readFileSync(path.join(import.meta.dirname, 'fixtures/failing-build.ndjson'), 'utf8');
    const events = text.split('\n').flatMap((line) => parser.parseLine(line));
    const failure = events.at(-1);
    expect(failure).toEqual({ type: 'failure', message: expect.stringContaining('exit code: 3') });
    const firstStep = events.findIndex((e) => e.type === 'step');
    const firstLog = events.findIndex((e) => e.type === 'log');
    expect(firstStep).toBeGreaterThanOrEqual(0);
    expect(firstLog).toBeGreaterThan(firstStep);
  });

  it('reads the image id, ignores blank lines and the internal tag line', () => {
    const parser = new BuildOutputParser();
    expect(parser.parseLine('{"id":"moby.image.id","aux":{"ID":"sha256:abc"}}')).toEqual([{ type: 'image', id: 'sha256:abc' }]);
    expect(parser.parseLine('')).toEqual([]);
    expect(parser.parseLine('{"stream":"Successfully tagged mslab-build/x:latest\\n"}')).toEqual([]);
  });

  it('keeps a line that is not JSON as log text rather than failing', () => {
    expect(new BuildOutputParser().parseLine('garbage')).toEqual([{ type: 'log', step: '', stream: 'stderr', text: 'garbage\n' }]);
  });
});
