import { describe, expect, it } from 'vitest';
import { parseHttpResponse } from './image-inspector.ts';
import { demuxLogs, startError } from './sandboxed-run.ts';

describe('parseHttpResponse', () => {
  it('reads the status and the body of a raw response', () => {
    expect(parseHttpResponse('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nok')).toEqual({ status: 200, body: 'ok' });
    expect(parseHttpResponse('HTTP/1.0 404 Not Found\n\n')).toEqual({ status: 404, body: '' });
    expect(parseHttpResponse('')).toBeUndefined();
    expect(parseHttpResponse('garbage')).toBeUndefined();
  });
});

describe('startError', () => {
  it('keeps the part of the engine error a learner can act on', () => {
    const engine = new Error(
      '(HTTP code 400) unexpected - failed to create shim: OCI runtime create failed: runc create failed: unable to start container process: exec: "/usr/local/bin/greeter": no such file or directory: unknown',
    );
    expect(startError(engine)).toBe('exec: "/usr/local/bin/greeter": no such file or directory');
  });
});

describe('demuxLogs', () => {
  const frame = (stream: number, text: string) => {
    const payload = Buffer.from(text);
    const header = Buffer.alloc(8);
    header[0] = stream;
    header.writeUInt32BE(payload.length, 4);
    return Buffer.concat([header, payload]);
  };
  it('joins stdout and stderr frames in order, up to a limit', () => {
    const raw = Buffer.concat([frame(1, 'listening\n'), frame(2, 'warning\n'), frame(1, 'done')]);
    expect(demuxLogs(raw)).toBe('listening\nwarning\ndone');
    expect(demuxLogs(raw, 12)).toBe('listening\nwa');
    expect(demuxLogs(Buffer.alloc(3))).toBe('');
  });
});
