import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineAnswerError, ResponseReader, streamImageSave } from './image-save-socket.ts';

const IMAGE = crypto.randomBytes(300_000);
const servers: http.Server[] = [];

/** An engine on a unix socket that answers docker save with `answer`; returns a client for it and the paths it was asked. */
async function engine(answer: (res: http.ServerResponse) => void): Promise<{ docker: Docker; asked: string[] }> {
  const socketPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'image-save-')), 'engine.sock');
  const asked: string[] = [];
  const server = http.createServer((req, res) => {
    asked.push(req.url!);
    answer(res);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return { docker: { modem: { socketPath } } as unknown as Docker, asked };
}

/** Writes the body in pieces of uneven sizes, one per tick (chunked encoding, as the engine sends it). */
async function writeInPieces(res: http.ServerResponse, body: Buffer, cutAt?: number): Promise<void> {
  res.writeHead(200, { 'Content-Type': 'application/x-tar' });
  for (let at = 0, size = 1; at < body.length; at += size, size = (size * 7 + 13) % 70_000) {
    if (cutAt !== undefined && at >= cutAt) {
      res.destroy();
      return;
    }
    res.write(body.subarray(at, at + size));
    await new Promise((resolve) => setImmediate(resolve));
  }
  res.end();
}

async function received(docker: Docker, signal = new AbortController().signal, slowSink = false): Promise<Buffer> {
  const parts: Buffer[] = [];
  await streamImageSave(docker, 'sha256:abc', signal, (part) => {
    parts.push(Buffer.from(part)); // the part's buffer is read into again after this call
    return slowSink ? new Promise((resolve) => setTimeout(resolve, 1)) : undefined;
  });
  return Buffer.concat(parts);
}

afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

describe('streamImageSave', () => {
  it('hands on the whole image, chunked in any pieces, and asks for the right path', async () => {
    const { docker, asked } = await engine((res) => void writeInPieces(res, IMAGE));
    expect((await received(docker)).equals(IMAGE)).toBe(true);
    expect(asked).toEqual(['/images/sha256:abc/get']);
  });

  it('waits while the sink is busy, and loses nothing', async () => {
    const { docker } = await engine((res) => void writeInPieces(res, IMAGE));
    expect((await received(docker, undefined, true)).equals(IMAGE)).toBe(true);
  });

  it('refuses an id that would change the request', async () => {
    const { docker, asked } = await engine((res) => void writeInPieces(res, IMAGE));
    await expect(streamImageSave(docker, 'x HTTP/1.1\r\nHost: a\r\n\r\nGET /containers/json', new AbortController().signal, () => undefined)).rejects.toThrow(/not an image id/);
    expect(asked).toEqual([]);
  });

  it('reads a body of a declared length', async () => {
    const { docker } = await engine((res) => res.writeHead(200, { 'Content-Length': IMAGE.length }).end(IMAGE));
    expect((await received(docker)).equals(IMAGE)).toBe(true);
  });

  it('fails with the engine\'s status and message on an error answer', async () => {
    const { docker } = await engine((res) => res.writeHead(404, { 'Content-Type': 'application/json' }).end('{"message":"No such image: sha256:abc"}'));
    const error = await received(docker).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineAnswerError);
    expect((error as EngineAnswerError).statusCode).toBe(404);
    expect((error as Error).message).toContain('No such image');
  });

  it('fails when the engine closes the connection before the image\'s end', async () => {
    const { docker } = await engine((res) => void writeInPieces(res, IMAGE, 100_000));
    await expect(received(docker)).rejects.toThrow();
  });

  it('stops at the signal', async () => {
    const { docker } = await engine((res) => void writeInPieces(res, IMAGE));
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('cancelled')), 5);
    await expect(received(docker, controller.signal, true)).rejects.toThrow('cancelled');
  });
});

describe('ResponseReader', () => {
  it('hands on no more of a read while the sink is busy with an earlier part of it', async () => {
    const calls: string[] = [];
    let release = () => {};
    const reader = new ResponseReader((part) => {
      calls.push(part.toString());
      return calls.length === 1 ? new Promise<void>((resolve) => (release = resolve)) : undefined;
    });
    const done = reader.feed(Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n'));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(calls).toEqual(['hello']);
    release();
    await done;
    expect(calls).toEqual(['hello', ' world']);
    expect(reader.done).toBe(true);
  });

  it('reads an answer fed a byte at a time: head, chunk sizes with extensions, trailer', () => {
    const parts: string[] = [];
    const reader = new ResponseReader((part) => {
      parts.push(part.toString());
      return undefined;
    });
    const answer = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\nhello\r\nB\r\n, the image\r\n0\r\nX-Trailer: 1\r\n\r\n';
    for (const byte of Buffer.from(answer)) reader.feed(Buffer.from([byte]));
    expect(reader.status).toBe(200);
    expect(reader.done).toBe(true);
    expect(parts.join('')).toBe('hello, the image');
  });

  it('refuses what is not HTTP and bad chunk framing', () => {
    expect(() => new ResponseReader(() => undefined).feed(Buffer.from('SSH-2.0-OpenSSH\r\n\r\n'))).toThrow(/not an HTTP answer/);
    expect(() => new ResponseReader(() => undefined).feed(Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'))).toThrow(/chunk size/);
    expect(() => new ResponseReader(() => undefined).feed(Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabX\r\n'))).toThrow(/CRLF/);
  });
});
