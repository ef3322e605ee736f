// The page's end of the build protocol: one WebSocket, reconnected with back-off when it
// drops, every incoming message validated against the shared schema. A server that greets
// with `hello` sends heartbeats; from then on a silent socket is taken for dead, closed and
// reopened (a proxy may have cut it without telling either side).
import { serverMessageSchema, type ClientMessage, type ServerMessage } from '../../../shared/protocol/messages.ts';

export type ConnectionState = 'connecting' | 'open' | 'closed';
export type Hello = Extract<ServerMessage, { type: 'hello' }>;
export type SendResult = 'sent' | 'offline' | 'too-large';

export interface BuildConnectionEvents {
  message: (message: ServerMessage) => void;
  state: (state: ConnectionState, detail?: string) => void;
}

export interface ConnectionOptions {
  /** The server closes the socket on a larger frame (1009): the page says "too large" first. */
  maxMessageBytes: number;
  /** Silence after which a socket that promised heartbeats is taken for dead. */
  silenceMs: number;
}

/** A socket cut by the network usually reconnects at once; a server that is down, later and later. */
const FIRST_RETRY_MS = 100;
const LONGEST_RETRY_MS = 8000;

export class BuildConnection {
  private socket: WebSocket | undefined;
  private retryMs = FIRST_RETRY_MS;
  private silence: ReturnType<typeof setTimeout> | undefined;
  private readonly url: string;
  private readonly on: BuildConnectionEvents;
  private readonly options: ConnectionOptions;

  constructor(url: string, on: BuildConnectionEvents, options: ConnectionOptions) {
    this.url = url;
    this.on = on;
    this.options = options;
    this.connect();
  }

  get open(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  send(message: ClientMessage): SendResult {
    const text = JSON.stringify(message);
    if (new TextEncoder().encode(text).length > this.options.maxMessageBytes) return 'too-large';
    if (!this.socket || this.socket.readyState !== WebSocket.OPEN) return 'offline';
    this.socket.send(text);
    return 'sent';
  }

  /** Drops the socket now (as a dead network would) and reconnects: for the watchdog. */
  private drop(detail: string): void {
    const socket = this.socket;
    if (!socket) return;
    this.socket = undefined;
    clearTimeout(this.silence);
    socket.close(4000, detail);
    this.closed(detail);
  }

  private closed(detail: string | undefined): void {
    this.on.state('closed', detail);
    setTimeout(() => this.connect(), this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, LONGEST_RETRY_MS);
  }

  private connect(): void {
    this.on.state('connecting');
    const socket = new WebSocket(this.url);
    this.socket = socket;
    let heartbeats = false;
    const alive = () => {
      clearTimeout(this.silence);
      if (heartbeats) this.silence = setTimeout(() => this.drop('the build server went silent'), this.options.silenceMs);
    };
    socket.addEventListener('open', () => {
      this.retryMs = FIRST_RETRY_MS;
      this.on.state('open');
    });
    socket.addEventListener('message', (event) => {
      if (this.socket !== socket) return;
      let data: unknown;
      try {
        data = JSON.parse(String(event.data));
      } catch {
        return;
      }
      const parsed = serverMessageSchema.safeParse(data);
      if (!parsed.success) return;
      if (parsed.data.type === 'hello') heartbeats = true;
      alive();
      if (parsed.data.type !== 'heartbeat') this.on.message(parsed.data);
    });
    socket.addEventListener('close', (event) => {
      if (this.socket !== socket) return; // already given up by the watchdog
      this.socket = undefined;
      clearTimeout(this.silence);
      this.closed(event.reason || undefined);
    });
  }
}

export const buildSocketUrl = (location: Location): string => `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
