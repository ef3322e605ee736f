// The build socket's front door at /ws on an existing HTTP server (the production server, or
// Vite's dev server). Before a WebSocket exists, an upgrade must come from the site's own
// pages (Origin, else 403), carry a valid learner cookie (else 401) and fit the socket caps
// (else 429). Nothing in the request can throw here: every refusal is an HTTP answer and the
// connection is closed.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { originAllowed } from '../http/origin.ts';
import { clientAddress, type ProxyTrust } from '../http/proxy-headers.ts';
import { answerAndClose } from '../http/raw-response.ts';
import { learnerFromCookie, type CookieKeys } from '../progress/learner-cookie.ts';
import { ConnectionLimits, type ConnectionCaps } from './connection-limits.ts';

const WS_PATH = '/ws';

export interface SessionContext {
  /** The learner id from the signed cookie. */
  learner: string;
  /** The client address the caps counted (see clientAddress). */
  address: string;
  request: IncomingMessage;
}

export interface AttachOptions {
  maxMessageBytes: number;
  /**
   * True when this server answers every upgrade (production): other paths get 404. False in
   * `astro dev`, where Vite's live-reload socket shares the server and its upgrades are Vite's.
   */
  ownsAllUpgrades: boolean;
  cookieKeys: CookieKeys;
  /** Whether, and how far, to believe X-Forwarded-For for the client address (MSLAB_TRUST_PROXY). */
  proxy: ProxyTrust;
  /** Origins allowed besides the site's own (MSLAB_ALLOWED_ORIGINS). */
  allowedOrigins: readonly string[];
  caps: ConnectionCaps;
  /** Each accepted socket, once open. */
  onSession: (ws: WebSocket, context: SessionContext) => void;
}

/** The request target's path, or undefined when it does not parse. */
function pathOf(url: string | undefined): string | undefined {
  try {
    return new URL(url ?? '/', 'http://localhost').pathname;
  } catch {
    return undefined;
  }
}

export function attachBuildSocket(server: Server, options: AttachOptions): WebSocketServer {
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes });
  const limits = new ConnectionLimits(options.caps);

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = pathOf(request.url);
    if (path !== WS_PATH && !options.ownsAllUpgrades) return;
    // A reset while we answer must not become an unhandled 'error' event (ws adds its own later).
    socket.on('error', () => socket.destroy());
    if (path === undefined) return answerAndClose(socket, 400, 'the request target is not a valid URL');
    if (path !== WS_PATH) return answerAndClose(socket, 404, `no WebSocket at ${path}; the build socket is ${WS_PATH}`);
    if (!originAllowed(request.headers.origin, request.headers.host, options.allowedOrigins)) {
      return answerAndClose(socket, 403, 'this page may not open the build socket (foreign Origin)');
    }
    const learner = learnerFromCookie(request.headers.cookie, options.cookieKeys)?.id;
    if (!learner) return answerAndClose(socket, 401, 'no valid learner cookie: load the lab page first');
    const address = clientAddress(request.socket.remoteAddress, request.headers['x-forwarded-for'], options.proxy);
    const admission = limits.admit(learner, address);
    if (!admission.ok) return answerAndClose(socket, 429, admission.reason);
    // The place is held until the TCP connection ends, however it ends (also when ws refuses the handshake).
    socket.once('close', admission.release);
    wss.handleUpgrade(request, socket, head, (ws) => {
      // ws closes the connection itself on a protocol error (1009 for an oversized frame, 1002…);
      // an 'error' event without a listener would take the whole process down with it.
      ws.on('error', () => {});
      options.onSession(ws, { learner, address, request });
    });
  });
  return wss;
}
