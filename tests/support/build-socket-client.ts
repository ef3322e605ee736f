// A learner's end of the build protocol for tests: an in-process build server on a free port
// and a WebSocket client that collects messages until a build finishes.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { attachBuildServer } from '../../server/app.ts';
import { cookieValue, LEARNER_COOKIE, newLearnerId } from '../../server/progress/learner-cookie.ts';
import { cookieSecret } from '../../server/progress/shared.ts';
import { serverMessageSchema, type ServerMessage } from '../../shared/protocol/messages.ts';

export interface TestServer {
  url: string;
  close(): Promise<void>;
}

export async function startBuildServer(): Promise<TestServer> {
  const server = http.createServer((_req, res) => res.writeHead(404).end());
  const wss = await attachBuildServer(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/ws`,
    close: () =>
      new Promise((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.close(() => resolve());
      }),
  };
}

/** A Cookie header for a learner (a new one by default), signed with this process's key (the in-process server's). */
export const learnerCookie = (learner = newLearnerId()) => `${LEARNER_COOKIE}=${cookieValue(learner, cookieSecret())}`;

export interface Received {
  message: ServerMessage;
  at: number;
}

export class BuildClient {
  readonly received: Received[] = [];
  private readonly socket: WebSocket;
  private waiters: Array<{ test: (m: ServerMessage) => boolean; resolve: (m: ServerMessage) => void; reject: (e: Error) => void }> = [];

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.on('message', (data) => {
      // Every message the server sends must match the protocol schema; one that does not
      // fails every waiting expectation with the reason, instead of leaving it to time out.
      const parsed = serverMessageSchema.safeParse(JSON.parse(data.toString()));
      if (!parsed.success) {
        const error = new Error(`the server sent a message outside the protocol: ${data.toString().slice(0, 300)}\n${parsed.error.message}`);
        this.waiters.splice(0).forEach((w) => w.reject(error));
        return;
      }
      const message = parsed.data;
      this.received.push({ message, at: Date.now() });
      this.waiters = this.waiters.filter((w) => {
        if (!w.test(message)) return true;
        w.resolve(message);
        return false;
      });
    });
  }

  /** Opens a build socket; without a Cookie header, as a new learner (the upgrade requires one). */
  static async connect(url: string, headers: Record<string, string> = {}): Promise<BuildClient> {
    const socket = new WebSocket(url, { headers: { Cookie: learnerCookie(), ...headers } });
    // Listening before the socket opens: the server's hello can come in the same packet as the handshake.
    const client = new BuildClient(socket);
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    return client;
  }

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  sendRaw(data: string): void {
    this.socket.send(data);
  }

  send(message: object): void {
    this.socket.send(JSON.stringify(message));
  }

  /** Resolves with the next message (from now on) that passes test. */
  next<T extends ServerMessage>(test: (m: ServerMessage) => m is T, timeoutMs = 30_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const from = this.received.length;
      const timer = setTimeout(() => {
        const seen = this.received.slice(from).map((r) => (r.message.type === 'result' ? `result(${r.message.outcome}, checking ${r.message.checking})` : r.message.type === 'error' ? `error(${r.message.code}: ${r.message.message})` : r.message.type));
        reject(new Error(`no matching message within ${timeoutMs} ms; received meanwhile: ${[...new Set(seen)].join(', ') || 'nothing'}`));
      }, timeoutMs);
      this.waiters.push({
        test,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m as T);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
    });
  }

  /**
   * Sends a build and waits until it is over: its result, and the checkpoints message when the
   * result announces one. Returns the messages of that build.
   */
  async build(
    lab: string,
    dockerfile: string,
    options: { file?: string; dockerignore?: string; timeoutMs?: number; target?: string } = {},
  ): Promise<{ result: Extract<ServerMessage, { type: 'result' }>; checkpoints?: Extract<ServerMessage, { type: 'checkpoints' }>; messages: Received[] }> {
    const from = this.received.length;
    // Long enough for a build at its wall clock plus its checks; the test's own timeout bounds it too.
    const timeoutMs = options.timeoutMs ?? 120_000;
    const result = this.next(isType('result'), timeoutMs);
    const checkpoints = this.next(isType('checkpoints'), timeoutMs);
    checkpoints.catch(() => undefined); // not awaited when the result announces no checks
    const files: Record<string, string> = { Dockerfile: dockerfile };
    if (options.dockerignore !== undefined) files['.dockerignore'] = options.dockerignore;
    this.send({ type: 'build', lab, file: options.file ?? 'Dockerfile', files, ...(options.target !== undefined && { target: options.target }) });
    const done = await result;
    const checked = done.checking ? await checkpoints : undefined;
    return { result: done, ...(checked && { checkpoints: checked }), messages: this.received.slice(from) };
  }

  close(): void {
    this.socket.close();
  }
}

export const isType =
  <K extends ServerMessage['type']>(type: K) =>
  (m: ServerMessage): m is Extract<ServerMessage, { type: K }> =>
    m.type === type;
