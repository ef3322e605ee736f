import { describe, expect, it } from 'vitest';
import { BuildLogRenderer } from './build-log.ts';

/** Where a message sits in its build: the renderer does not care. */
const of = { buildId: 'build-1', seq: 1 };

/** Terminal text without colour codes. */
const plain = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');

describe('BuildLogRenderer', () => {
  it('numbers steps and prefixes their output like BuildKit plain progress', () => {
    const r = new BuildLogRenderer();
    const out = [
      r.render({ ...of, type: 'step', id: 'a', name: '[1/2] FROM node:18', status: 'cached' }),
      r.render({ ...of, type: 'step', id: 'b', name: '[2/2] RUN npm ci', status: 'running' }),
      r.render({ ...of, type: 'log', step: 'b', stream: 'stdout', text: 'added 71 packages\nin 2s\n' }),
      r.render({ ...of, type: 'step', id: 'b', name: '[2/2] RUN npm ci', status: 'done', durationMs: 2900 }),
    ].map(plain);
    expect(out.join('')).toBe(
      '#1 [1/2] FROM node:18 CACHED\r\n#2 [2/2] RUN npm ci\r\n#2 added 71 packages\r\n#2 in 2s\r\n#2 DONE 2.9s\r\n',
    );
  });

  it('holds a partial line until it is complete or the step ends', () => {
    const r = new BuildLogRenderer();
    r.render({ ...of, type: 'step', id: 'b', name: 'RUN x', status: 'running' });
    expect(plain(r.render({ ...of, type: 'log', step: 'b', stream: 'stdout', text: 'hal' }))).toBe('');
    expect(plain(r.render({ ...of, type: 'log', step: 'b', stream: 'stdout', text: 'f\nrest' }))).toBe('#1 half\r\n');
    expect(plain(r.render({ ...of, type: 'step', id: 'b', name: 'RUN x', status: 'done' }))).toBe('#1 rest\r\n#1 DONE\r\n');
  });

  it('shows a failed step in red with its error, and the failure summary', () => {
    const r = new BuildLogRenderer();
    const step = r.render({ ...of, type: 'step', id: 'e', name: '[2/2] RUN exit 3', status: 'error', error: 'exit code: 3' });
    expect(step).toContain('\x1b[31m');
    expect(plain(step)).toContain('#1 ERROR: exit code: 3');
    const error = r.render({ type: 'error', code: 'build-failed', message: 'exit code: 3', step: '[2/2] RUN exit 3' });
    expect(plain(error)).toBe('✖ [2/2] RUN exit 3: exit code: 3\r\n');
    // Red all the way: the bold mark inside does not reset the colour.
    expect(error.startsWith('\x1b[31m')).toBe(true);
    expect(error.indexOf('\x1b[39m')).toBe(error.lastIndexOf('\x1b[39m'));
    expect(error).not.toContain('\x1b[0m');
    const result = r.render({ ...of, type: 'result', buildId: 'x', file: 'Dockerfile', ok: false, outcome: 'failed', stages: 1, durationMs: 1200, checking: false });
    expect(plain(result)).toContain('Build failed after 1.2 s');
  });

  it('ends a successful build with the image size line', () => {
    const r = new BuildLogRenderer();
    const line = plain(r.render({ ...of, type: 'result', buildId: 'x', file: 'Dockerfile', ok: true, outcome: 'success', imageSize: 111_303_733, stages: 2, durationMs: 3441, checking: true }));
    expect(line).toContain('✔ Image size: 111.3 MB · built in 3.4 s · 2 stages');
  });

  it('says where the build waits in line', () => {
    const r = new BuildLogRenderer();
    expect(plain(r.render({ ...of, type: 'queued', position: 2 }))).toContain('2 ahead of you');
    expect(r.render({ ...of, type: 'queued', position: 0 })).toBe('');
  });
});
