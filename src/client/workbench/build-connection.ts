// The page's end of the build protocol: one WebSocket, reconnected with back-off when it
// drops, every incoming message validated against the shared schema.
import { serverMessageSchema, type ClientMessage, type ServerMessage } from '../../../shared/protocol/messages.ts';

export type ConnectionState = 'connecting' | 'open' | 'closed';

export interface BuildConnectionEvents {
  message: (message: ServerMessage) => void;
  state: (state: ConnectionState, detail?: string) => void;
}

export class BuildConnection {
  private socket: WebSocket | undefined;
  private retryMs = 500;
  private readonly url: string;
  private readonly on: BuildConnectionEvents;

  constructor(url: string, on: BuildConnectionEvents) {
    this.url = url;
    this.on = on;
    this.connect();
  }

  send(message: ClientMessage): boolean {
    if (!this.socket || this.socket.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(message));
    return true;
  }

  private connect(): void {
    this.on.state('connecting');
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.addEventListener('open', () => {
      this.retryMs = 500;
      this.on.state('open');
    });
    socket.addEventListener('message', (event) => {
      let data: unknown;
      try {
        data = JSON.parse(String(event.data));
      } catch {
        return;
      }
      const parsed = serverMessageSchema.safeParse(data);
      if (parsed.success) this.on.message(parsed.data);
    });
    socket.addEventListener('close', (event) => {
      this.on.state('closed', event.reason || undefined);
      setTimeout(() => this.connect(), this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, 8000);
    });
  }
}

export const buildSocketUrl = (location: Location): string => `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
