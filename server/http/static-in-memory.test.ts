import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import sirv from 'sirv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staticInMemory } from './static-in-memory.ts';

const FILES: Record<string, string> = {
  'index.html': '<h1>home</h1>',
  'index.html.br': 'br of home',
  'index.html.gz': 'gz of home',
  'chapter/lesson/index.html': '<p>lesson</p>',
  'chapter/lesson/index.html.br': 'br of lesson',
  'plain.html': '<p>plain</p>',
  '_astro/app.1a2b.js': 'console.log(1)',
  '_astro/app.1a2b.js.gz': 'gz of app',
  'big.js': 'x'.repeat(5000),
  'big.js.br': 'b'.repeat(3000),
  'a space.txt': 'spaced',
  'icon.svg': '<svg/>',
  '.hidden': 'secret',
  '.well-known/security.txt': 'Contact: x',
};

const cacheHeaders = (res: http.ServerResponse, pathname: string) => {
  if (pathname.startsWith('/_astro/')) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
};

let dir = '';
const servers: http.Server[] = [];
let sirvUrl = '';
let memoryUrl = '';
/** Requests the memory layer passed on to sirv, by URL. */
const passedOn: string[] = [];

async function listen(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const notFound = (res: http.ServerResponse) => {
  res.writeHead(404, { 'Content-Type': 'text/plain' }).end('fell through');
};

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'static-in-memory-'));
  for (const [name, text] of Object.entries(FILES)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  const assets = sirv(dir, { etag: true, gzip: true, brotli: true, setHeaders: cacheHeaders });
  const memory = staticInMemory(dir, { maxFileBytes: 1000, maxTotalBytes: 1_000_000 }, cacheHeaders);
  sirvUrl = await listen((req, res) => assets(req, res, () => notFound(res)));
  memoryUrl = await listen((req, res) =>
    memory(req, res, () => {
      passedOn.push(req.url!);
      assets(req, res, () => notFound(res));
    }),
  );
});

afterAll(() => {
  for (const server of servers) server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Status, headers (without the per-response ones) and body, as a client sees them. */
function request(base: string, url: string, headers: Record<string, string>, method = 'GET') {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    http
      .request(`${base}${url}`, { method, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const { date: _date, connection: _connection, 'keep-alive': _keepAlive, ...rest } = res.headers;
          resolve({ status: res.statusCode!, headers: rest, body: Buffer.concat(chunks).toString() });
        });
      })
      .on('error', reject)
      .end();
  });
}

const etagOf = async (url: string, headers: Record<string, string>) => String((await request(sirvUrl, url, headers)).headers.etag);

describe('staticInMemory', () => {
  const encodings: Array<Record<string, string>> = [{}, { 'Accept-Encoding': 'gzip, deflate, br' }, { 'Accept-Encoding': 'gzip' }, { 'Accept-Encoding': 'identity' }];
  const urls = ['/', '/index.html', '/chapter/lesson', '/chapter/lesson/', '/chapter/lesson/?q=1#top', '/plain', '/_astro/app.1a2b.js', '/big.js', '/a%20space.txt', '/a%E0%A4%A.txt', '/icon.svg', '/.hidden', '/.well-known/security.txt', '/missing', '/chapter'];

  it('answers every URL and encoding as sirv does', async () => {
    for (const url of urls) {
      for (const headers of encodings) {
        expect(await request(memoryUrl, url, headers), `${url} ${JSON.stringify(headers)}`).toEqual(await request(sirvUrl, url, headers));
      }
    }
  });

  it('answers HEAD, a matching If-None-Match (304) and a stale one as sirv does', async () => {
    const br = { 'Accept-Encoding': 'br' };
    const cases: Array<[string, Record<string, string>, string?]> = [
      ['/chapter/lesson/', br, 'HEAD'],
      ['/chapter/lesson/', { ...br, 'If-None-Match': await etagOf('/chapter/lesson/', br) }],
      ['/chapter/lesson/', { 'If-None-Match': await etagOf('/chapter/lesson/', br) }], // the br variant's ETag does not match the plain file
      ['/_astro/app.1a2b.js', { 'If-None-Match': 'W/"1-1"' }],
    ];
    for (const [url, headers, method] of cases) {
      const ours = await request(memoryUrl, url, headers, method);
      expect(ours, `${method ?? 'GET'} ${url} ${JSON.stringify(headers)}`).toEqual(await request(sirvUrl, url, headers, method));
    }
    expect((await request(memoryUrl, '/chapter/lesson/', cases[1]![1])).status).toBe(304);
  });

  it('answers small files itself and leaves large files, ranges and unknown paths to sirv', async () => {
    passedOn.length = 0;
    await request(memoryUrl, '/chapter/lesson/', { 'Accept-Encoding': 'br' });
    await request(memoryUrl, '/_astro/app.1a2b.js', {});
    await request(memoryUrl, '/big.js', { 'Accept-Encoding': 'br' });
    await request(memoryUrl, '/index.html', { Range: 'bytes=0-3' });
    await request(memoryUrl, '/missing', {});
    expect(passedOn).toEqual(['/big.js', '/index.html', '/missing']);
    expect(await request(memoryUrl, '/index.html', { Range: 'bytes=0-3' })).toEqual(await request(sirvUrl, '/index.html', { Range: 'bytes=0-3' }));
  });

  it('holds no more than its total, compressed variants first', () => {
    const brBytes = Buffer.byteLength(FILES['index.html.br']!) + Buffer.byteLength(FILES['chapter/lesson/index.html.br']!);
    const memory = staticInMemory(dir, { maxFileBytes: 1000, maxTotalBytes: brBytes }, cacheHeaders);
    expect(memory.heldBytes).toBe(brBytes);
    expect(staticInMemory(dir, { maxFileBytes: 1000, maxTotalBytes: 0 }, cacheHeaders).heldBytes).toBe(0);
  });
});
