// The page's socket against a real WebSocket server (ws), with Node's own WebSocket client:
// a server that promised heartbeats and goes silent is dropped and reconnected; one that never
// greeted is left alone; frames over the limit are never sent.
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket as ServerSocket } from 'ws';
import { BuildConnection, type ConnectionState } from './build-connection.ts';

const servers: WebSocketServer[] = [];
afterEach(async () => {
  // The page's socket reconnects for ever: cut every client, then stop listening.
  for (const server of servers.splice(0)) {
    for (const client of server.clients) client.terminate();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function listen(onConnection: (socket: ServerSocket, n: number) => void): Promise<{ url: string; received: string[] }> {
  const received: string[] = [];
  let n = 0;
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  servers.push(server);
  server.on('connection', (socket) => {
    socket.on('message', (data) => received.push(String(data)));
    onConnection(socket, ++n);
  });
  await new Promise((resolve) => server.once('listening', resolve));
  return { url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/ws`, received };
}

const until = async (check: () => boolean, ms = 3000) => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('BuildConnection', () => {
  it('drops a socket whose server greeted, then went silent, and reconnects', async () => {
    let connections = 0;
    const { url } = await listen((socket) => {
      connections++;
      socket.send(JSON.stringify({ type: 'hello', builds: [] }));
    });
    const states: Array<[ConnectionState, string | undefined]> = [];
    new BuildConnection(url, { message: () => undefined, state: (s, d) => states.push([s, d]) }, { maxMessageBytes: 1024, silenceMs: 200 });
    await until(() => connections === 2, 2000);
    expect(states).toContainEqual(['closed', 'the build server went silent']);
    expect(states.filter(([s]) => s === 'open').length).toBeGreaterThanOrEqual(1);
  });

  it('keeps a socket that hears heartbeats, and one whose server never promised them', async () => {
    let connections = 0;
    const { url } = await listen((socket) => {
      connections++;
      const beat = setInterval(() => socket.readyState === socket.OPEN && socket.send(JSON.stringify({ type: 'heartbeat' })), 50);
      socket.on('close', () => clearInterval(beat));
      socket.send(JSON.stringify({ type: 'hello', builds: [] }));
    });
    const messages: string[] = [];
    new BuildConnection(url, { message: (m) => messages.push(m.type), state: () => undefined }, { maxMessageBytes: 1024, silenceMs: 200 });
    await new Promise((r) => setTimeout(r, 700));
    expect(connections).toBe(1);
    expect(messages).toEqual(['hello']); // heartbeats feed the watchdog, not the page

    let quietConnections = 0;
    const quiet = await listen(() => quietConnections++);
    new BuildConnection(quiet.url, { message: () => undefined, state: () => undefined }, { maxMessageBytes: 1024, silenceMs: 100 });
    await new Promise((r) => setTimeout(r, 500));
    expect(quietConnections).toBe(1);
  });

  it('refuses to send a frame over the limit, and says when it is offline', async () => {
    const { url, received } = await listen(() => undefined);
    let open = false;
    const connection = new BuildConnection(url, { message: () => undefined, state: (s) => (open = s === 'open') }, { maxMessageBytes: 200, silenceMs: 10_000 });
    const build = (size: number) => ({ type: 'build' as const, lab: 'lab', file: 'Dockerfile', files: { Dockerfile: 'x'.repeat(size) } });
    expect(connection.send(build(10))).toBe('offline');
    await until(() => open);
    expect(connection.send(build(500))).toBe('too-large');
    expect(connection.send(build(10))).toBe('sent');
    await until(() => received.length === 1);
    expect(JSON.parse(received[0]!).files.Dockerfile).toBe('x'.repeat(10));
  });
});
