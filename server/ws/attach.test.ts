// The front door on a real HTTP server in this process, with real WebSocket clients.
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { cookieValue, LEARNER_COOKIE, newLearnerId } from '../progress/learner-cookie.ts';
import { attachBuildSocket, type AttachOptions, type SessionContext } from './attach.ts';

const keys = { current: 'k'.repeat(64), previous: ['p'.repeat(64)] };
const cookieOf = (learner: string, secret = keys.current) => `${LEARNER_COOKIE}=${cookieValue(learner, secret)}`;

let server: http.Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

async function start(overrides: Partial<AttachOptions> = {}) {
  server = http.createServer((_req, res) => res.end('ok'));
  const sessions: SessionContext[] = [];
  const wss = attachBuildSocket(server, {
    maxMessageBytes: 1024,
    ownsAllUpgrades: true,
    cookieKeys: keys,
    proxy: { trustProxy: false, trustedProxyHops: 1 },
    allowedOrigins: [],
    caps: { perLearner: 2, perAddress: 3, total: 10 },
    onSession: (ws, context) => {
      sessions.push(context);
      ws.on('message', (data) => ws.send(data.toString()));
    },
    ...overrides,
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { port, sessions, wss };
}

/** Asks for an upgrade and returns the HTTP status it got (101 when accepted). */
function upgradeStatus(port: number, path: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.get({
      port,
      host: '127.0.0.1',
      path,
      headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Version': '13', ...headers },
    });
    request.on('upgrade', (response, socket) => {
      socket.destroy();
      resolve(response.statusCode!);
    });
    request.on('response', (response) => {
      response.resume();
      resolve(response.statusCode!);
    });
    request.on('error', reject);
  });
}

function open(port: number, headers: Record<string, string>): Promise<WebSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { headers });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** Raw bytes to the server; resolves with its whole answer once it closes the connection. */
function raw(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('attachBuildSocket', () => {
  it('opens a session for a learner with a valid cookie, and hands over who and where', async () => {
    const { port, sessions } = await start();
    const learner = newLearnerId();
    const ws = await open(port, { Cookie: cookieOf(learner), Origin: `http://127.0.0.1:${port}` });
    ws.send('hello');
    const echo = await new Promise((resolve) => ws.once('message', (d) => resolve(d.toString())));
    expect(echo).toBe('hello');
    expect(sessions).toMatchObject([{ learner, address: '127.0.0.1' }]);
    ws.close();
  });

  it('accepts a cookie signed with a previous key', async () => {
    const { port } = await start();
    expect(await upgradeStatus(port, '/ws', { Cookie: cookieOf(newLearnerId(), keys.previous[0]) })).toBe(101);
  });

  it('refuses without a valid cookie (401) and from a foreign page (403)', async () => {
    const { port, sessions } = await start();
    expect(await upgradeStatus(port, '/ws')).toBe(401);
    expect(await upgradeStatus(port, '/ws', { Cookie: `${LEARNER_COOKIE}=${newLearnerId()}.forged` })).toBe(401);
    expect(await upgradeStatus(port, '/ws', { Cookie: cookieOf(newLearnerId()), Origin: 'https://evil.example' })).toBe(403);
    expect(await upgradeStatus(port, '/ws', { Cookie: cookieOf(newLearnerId()), Origin: 'null' })).toBe(403);
    expect(sessions).toEqual([]);
  });

  it('accepts a configured origin', async () => {
    const { port } = await start({ allowedOrigins: ['https://course.example.org'] });
    expect(await upgradeStatus(port, '/ws', { Cookie: cookieOf(newLearnerId()), Origin: 'https://course.example.org' })).toBe(101);
  });

  it('answers other paths 404 and unparsable targets 400, and closes the connection', async () => {
    const { port } = await start();
    expect(await upgradeStatus(port, '/other')).toBe(404);
    const answer = await raw(port, 'GET http://[ HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(await fetch(`http://127.0.0.1:${port}/`).then((r) => r.text())).toBe('ok');
  });

  it('leaves other paths to their owner when it does not own every upgrade (Vite in dev)', async () => {
    const { port } = await start({ ownsAllUpgrades: false });
    server!.on('upgrade', (request, socket) => {
      if (request.url === '/vite-hmr') socket.end('HTTP/1.1 418 I\'m a teapot\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    });
    expect(await upgradeStatus(port, '/vite-hmr')).toBe(418);
    expect(await upgradeStatus(port, '/ws')).toBe(401);
  });

  it('caps sockets per learner and per address (429), and frees a place when a socket closes', async () => {
    const { port } = await start();
    const alice = { Cookie: cookieOf(newLearnerId()) };
    const a1 = await open(port, alice);
    const a2 = await open(port, alice);
    expect(await upgradeStatus(port, '/ws', alice)).toBe(429);
    const b1 = await open(port, { Cookie: cookieOf(newLearnerId()) });
    expect(await upgradeStatus(port, '/ws', { Cookie: cookieOf(newLearnerId()) })).toBe(429); // address full (3)
    const closed = new Promise((resolve) => a1.once('close', resolve));
    a1.close();
    await closed;
    await new Promise((resolve) => setTimeout(resolve, 50)); // the server sees the TCP close
    const a3 = await open(port, alice);
    for (const ws of [a2, a3, b1]) ws.close();
  });

  it('frees the place when the handshake itself is refused by ws', async () => {
    const { port } = await start({ caps: { perLearner: 1, perAddress: 1, total: 1 } });
    const cookie = cookieOf(newLearnerId());
    expect(await upgradeStatus(port, '/ws', { Cookie: cookie, 'Sec-WebSocket-Version': '99' })).toBe(400);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await upgradeStatus(port, '/ws', { Cookie: cookie })).toBe(101);
  });

  it('counts behind a trusted proxy by the address the proxy appended, whatever the client wrote before it', async () => {
    const { port, sessions } = await start({ proxy: { trustProxy: true, trustedProxyHops: 1 }, caps: { perLearner: 5, perAddress: 1, total: 10 } });
    const first = await open(port, { Cookie: cookieOf(newLearnerId()), 'X-Forwarded-For': '198.51.100.1, 203.0.113.5' });
    // The same client writing a fresh first entry each time is still the same address.
    expect(await upgradeStatus(port, '/ws', { Cookie: cookieOf(newLearnerId()), 'X-Forwarded-For': '198.51.100.2, 203.0.113.5' })).toBe(429);
    const other = await open(port, { Cookie: cookieOf(newLearnerId()), 'X-Forwarded-For': '203.0.113.5, 203.0.113.6' });
    expect(sessions.map((s) => s.address)).toEqual(['203.0.113.5', '203.0.113.6']);
    first.close();
    other.close();
  });

  it('behind two trusted proxies, counts by the entry the outer one appended', async () => {
    const { port, sessions } = await start({ proxy: { trustProxy: true, trustedProxyHops: 2 }, caps: { perLearner: 5, perAddress: 1, total: 10 } });
    const first = await open(port, { Cookie: cookieOf(newLearnerId()), 'X-Forwarded-For': '198.51.100.1, 203.0.113.5, 10.0.0.2' });
    expect(await upgradeStatus(port, '/ws', { Cookie: cookieOf(newLearnerId()), 'X-Forwarded-For': '198.51.100.9, 203.0.113.5, 10.0.0.2' })).toBe(429);
    expect(sessions.map((s) => s.address)).toEqual(['203.0.113.5']);
    first.close();
  });

  it('closes a socket whose frame is over the limit with 1009', async () => {
    const { port } = await start();
    const ws = await open(port, { Cookie: cookieOf(newLearnerId()) });
    const code = new Promise((resolve) => ws.once('close', resolve));
    ws.send('x'.repeat(2048));
    expect(await code).toBe(1009);
  });
});
