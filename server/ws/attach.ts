// Serves the build protocol at /ws on an existing HTTP server (the production server, or
// Vite's dev server), leaving every other upgrade (Vite's HMR socket) to its owner.
import type { Server } from 'node:http';
import { WebSocketServer } from 'ws';
import type { IncomingMessage } from 'node:http';
import type { BuildObserver, BuildService } from '../builds/build-service.ts';
import { handleSession } from './session.ts';

const WS_PATH = '/ws';

export interface AttachOptions {
  maxMessageBytes: number;
  maxDockerfileBytes: number;
  /** The learner's progress for this upgrade request (its cookie). */
  observerFor: (request: IncomingMessage) => BuildObserver;
  onError: (error: unknown) => void;
}

export function attachBuildSocket(server: Server, builds: BuildService, options: AttachOptions): WebSocketServer {
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes });
  server.on('upgrade', (request, socket, head) => {
    const { pathname } = new URL(request.url ?? '/', 'http://localhost');
    if (pathname !== WS_PATH) return;
    wss.handleUpgrade(request, socket, head, (ws) => {
      handleSession(ws, builds, {
        maxDockerfileBytes: options.maxDockerfileBytes,
        observer: options.observerFor(request),
        onError: options.onError,
      });
    });
  });
  return wss;
}
