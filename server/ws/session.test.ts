// Sessions over real WebSockets on loopback, with the fake engine: a closed tab in each phase
// does not lose or cancel the build, a second tab resumes it, floods are slowed down, and a slow
// reader never makes the server hold more than its buffer.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { serverMessageSchema, type ServerMessage } from '../../shared/protocol/messages.ts';
import { harness, RecordingObserver, silentLog, starterRequest, type Harness } from '../builds/fake-engine.test-support.ts';
import { MessageRate } from './message-rate.ts';
import { handleSession } from './session.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A server whose sockets are sessions of the learner named in the URL (?learner=...). */
async function serve(h: Harness, options: { burst?: number; socketBufferBytes?: number; heartbeatMs?: number } = {}) {
  const server = http.createServer();
  const wss = new WebSocketServer({ server });
  const rate = new MessageRate({ burst: options.burst ?? 20, perSecond: 2 });
  wss.on('connection', (ws, request) => {
    const learner = new URL(request.url ?? '/', 'http://x').searchParams.get('learner') ?? 'anonymous';
    handleSession(ws, { learner, address: '127.0.0.1' }, {
      builds: h.service,
      journal: h.journal,
      observer: new RecordingObserver(),
      rate,
      log: silentLog,
      settings: { maxDockerfileBytes: 64 * 1024, socketBufferBytes: options.socketBufferBytes ?? 512 * 1024, heartbeatMs: options.heartbeatMs ?? 60_000 },
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.close(() => resolve());
      }),
  );
  const { port } = server.address() as AddressInfo;
  return Object.assign((learner: string) => connect(`ws://127.0.0.1:${port}/?learner=${learner}`), { wss });
}

interface Tab {
  socket: WebSocket;
  messages: ServerMessage[];
  send(message: object): void;
  until(test: (m: ServerMessage) => boolean): Promise<ServerMessage>;
  close(): Promise<void>;
}

async function connect(url: string): Promise<Tab> {
  const socket = new WebSocket(url);
  const messages: ServerMessage[] = [];
  const waiters: Array<{ test: (m: ServerMessage) => boolean; resolve: (m: ServerMessage) => void }> = [];
  socket.on('message', (data) => {
    const message = serverMessageSchema.parse(JSON.parse(data.toString()));
    messages.push(message);
    for (const w of waiters.splice(0)) if (w.test(message)) w.resolve(message);
    else waiters.push(w);
  });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  cleanups.push(() => socket.terminate());
  return {
    socket,
    messages,
    send: (message) => socket.send(JSON.stringify(message)),
    until: (test) => {
      const seen = messages.find(test);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        waiters.push({ test, resolve });
        setTimeout(() => reject(new Error(`timed out; got ${messages.map((m) => m.type).join(', ')}`)), 3000).unref();
      });
    },
    close: () => new Promise((resolve) => (socket.readyState === WebSocket.CLOSED ? resolve() : socket.once('close', () => resolve()).close())),
  };
}

const success = { outcome: 'success' as const, imageId: 'sha256:img', imageSize: 1 };
const isEnd = (m: ServerMessage) => m.type === 'checkpoints' || (m.type === 'result' && !m.checking);
const seqs = (tab: Tab, buildId: string) => tab.messages.flatMap((m) => ('seq' in m && m.buildId === buildId && m.seq !== undefined ? [m.seq] : []));

describe('a build session', () => {
  for (const phase of ['queued', 'building', 'checking'] as const) {
    it(`a tab closed while ${phase}: the build goes on and a new tab resumes it to the end, nothing lost`, async () => {
      const h = await harness();
      const open = await serve(h);
      if (phase === 'queued') await h.service.start({ learner: 'someone-else', address: '127.0.0.1' }, starterRequest, new RecordingObserver()); // holds the one slot
      const tab = await open('ada');
      tab.send(starterRequest);
      const accepted = await tab.until((m) => m.type === 'accepted');
      const buildId = accepted.type === 'accepted' ? accepted.buildId : '';
      if (phase === 'queued') await tab.until((m) => m.type === 'queued');
      if (phase !== 'queued') await h.work.nthBuild(0);
      if (phase === 'checking') {
        h.work.builds[0]!.end(success);
        await h.work.nthCheck(0);
      }
      const drawn = Math.max(...seqs(tab, buildId));
      await tab.close();

      const again = await open('ada');
      const hello = await again.until((m) => m.type === 'hello');
      expect(hello.type === 'hello' && hello.builds.map((b) => [b.buildId, b.phase])).toEqual([[buildId, phase === 'queued' ? 'queued' : phase]]);
      again.send({ type: 'resume', buildId, after: drawn });
      // Let the build end now.
      if (phase === 'queued') {
        const other = await h.work.nthBuild(0);
        other.end({ outcome: 'failed', message: 'x', step: undefined });
        (await h.work.nthCheck(0)).end({ steps: [] });
      }
      const ours = phase === 'queued' ? 1 : 0;
      if (phase !== 'checking') (await h.work.nthBuild(ours)).end(success);
      (await h.work.nthCheck(phase === 'queued' ? 1 : 0)).end({ steps: [] });
      await again.until((m) => isEnd(m) && 'buildId' in m && m.buildId === buildId);
      const resumed = seqs(again, buildId);
      expect(resumed).toEqual(resumed.map((_, i) => drawn + 1 + i));
      expect(h.work.builds[ours]!.request.signal.aborted).toBe(false);
    });
  }

  it('a second tab of the same learner follows the same build; another learner cannot see or cancel it', async () => {
    const h = await harness();
    const open = await serve(h);
    const first = await open('ada');
    first.send(starterRequest);
    const accepted = await first.until((m) => m.type === 'accepted');
    const buildId = accepted.type === 'accepted' ? accepted.buildId : '';
    const second = await open('ada');
    second.send({ type: 'resume', buildId, after: 0 });
    const stranger = await open('eve');
    const strangerHello = await stranger.until((m) => m.type === 'hello');
    expect(strangerHello.type === 'hello' && strangerHello.builds).toEqual([]);
    stranger.send({ type: 'cancel', buildId });
    await stranger.until((m) => m.type === 'error' && m.code === 'unknown-build');
    (await h.work.nthBuild(0)).end(success);
    (await h.work.nthCheck(0)).end({ steps: [] });
    await Promise.all([first, second].map((tab) => tab.until((m) => m.type === 'checkpoints')));
    expect(seqs(second, buildId)).toEqual(seqs(first, buildId));
  });

  it('cancel from the page cancels at once', async () => {
    const h = await harness();
    const open = await serve(h);
    const tab = await open('ada');
    tab.send(starterRequest);
    const build = await h.work.nthBuild(0);
    tab.send({ type: 'cancel' });
    await tab.until((m) => m.type === 'result' && m.outcome === 'cancelled');
    expect(build.request.signal.aborted).toBe(true);
  });

  it('slows a flood down with rate-limited, and the socket stays usable', async () => {
    const h = await harness();
    const open = await serve(h, { burst: 5 });
    const tab = await open('flood');
    for (let i = 0; i < 20; i++) tab.send({ type: 'cancel' });
    await tab.until((m) => m.type === 'error' && m.code === 'rate-limited');
    await new Promise((resolve) => setTimeout(resolve, 100));
    // Told once, not once per frame.
    expect(tab.messages.filter((m) => m.type === 'error' && m.code === 'rate-limited')).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 600));
    tab.send({ type: 'resume', buildId: 'no-such-build-id', after: 0 });
    await tab.until((m) => m.type === 'error' && m.code === 'unknown-build');
  });

  it('disconnects a client that keeps flooding after being told', async () => {
    const h = await harness();
    const open = await serve(h, { burst: 5 });
    const tab = await open('flood');
    const closed = new Promise<number>((resolve) => tab.socket.once('close', (code) => resolve(code)));
    for (let i = 0; i < 600; i++) tab.send({ type: 'cancel' });
    expect(await closed).toBe(1008);
  });

  it('answers malformed frames with errors and stays open', async () => {
    const h = await harness();
    const open = await serve(h);
    const tab = await open('ada');
    tab.socket.send('{not json');
    await tab.until((m) => m.type === 'error' && m.code === 'bad-json');
    tab.send({ type: 'build', lab: 'multistage-node', files: { Dockerfile: 'x'.repeat(70 * 1024) } });
    await tab.until((m) => m.type === 'error' && m.code === 'too-large');
    tab.socket.send(Buffer.from([1, 2, 3]), { binary: true });
    await tab.until((m) => m.type === 'error' && m.code === 'bad-message');
    expect(tab.socket.readyState).toBe(WebSocket.OPEN);
  });

  it('a slow reader: the server stops writing past its buffer and catches up when the reader does', async () => {
    const h = await harness();
    const open = await serve(h, { socketBufferBytes: 64 * 1024 });
    const tab = await open('slow');
    tab.send(starterRequest);
    const build = await h.work.nthBuild(0);
    const underlying = (tab.socket as unknown as { _socket: import('node:net').Socket })._socket;
    underlying.pause(); // the reader stops reading
    const line = 'x'.repeat(1000);
    for (let i = 0; i < 40; i++) build.emit({ type: 'log', step: 'v', stream: 'stdout', text: `${line}\n` });
    build.end(success);
    (await h.work.nthCheck(0)).end({ steps: [] });
    await new Promise((resolve) => setTimeout(resolve, 100));
    underlying.resume();
    await tab.until((m) => m.type === 'checkpoints');
    const logs = tab.messages.filter((m) => m.type === 'log');
    expect(logs).toHaveLength(40); // nothing lost: the journal kept what the socket could not take yet
  });

  it('a peer that stops answering pings is dropped', async () => {
    const h = await harness();
    const open = await serve(h, { heartbeatMs: 50 });
    const tab = await open('sleepy');
    expect(open.wss.clients.size).toBe(1);
    // ws answers pings by itself; pausing the TCP socket makes the pongs stop, as a dead laptop would.
    (tab.socket as unknown as { _socket: import('node:net').Socket })._socket.pause();
    for (let i = 0; i < 40 && open.wss.clients.size > 0; i++) await new Promise((resolve) => setTimeout(resolve, 25));
    expect(open.wss.clients.size).toBe(0);
  });
});
