// One WebSocket connection: validates each frame, runs at most one build at a time, and
// cancels that build when the learner asks or goes away. Bad input gets an error message;
// the connection stays open and usable.
import type { WebSocket } from 'ws';
import { z } from 'zod';
import type { BuildObserver, BuildService } from '../builds/build-service.ts';
import { clientMessageSchema, type ServerMessage } from '../../shared/protocol/messages.ts';

export interface SessionOptions {
  maxDockerfileBytes: number;
  /** Where this learner's builds and verdicts go. */
  observer: BuildObserver;
  onError: (error: unknown) => void;
}

/** A build's last message: its result, or the checkpoints the result announced. */
const isLastMessage = (message: ServerMessage) => (message.type === 'result' && !message.checking) || message.type === 'checkpoints';

const describeIssues = (error: z.ZodError) =>
  error.issues.map((i) => (i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');

export function handleSession(socket: WebSocket, builds: BuildService, options: SessionOptions): void {
  const schema = clientMessageSchema(options.maxDockerfileBytes);
  let current: AbortController | undefined;

  const send = (message: ServerMessage) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };

  socket.on('message', (data, isBinary) => {
    if (isBinary) {
      send({ type: 'error', code: 'bad-message', message: 'send JSON text frames, not binary' });
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(data.toString());
    } catch {
      send({ type: 'error', code: 'bad-json', message: 'the message is not valid JSON' });
      return;
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const tooLarge = parsed.error.issues.some((i) => i.path[0] === 'files' && i.code === 'custom');
      send({ type: 'error', code: tooLarge ? 'too-large' : 'bad-message', message: describeIssues(parsed.error) });
      return;
    }
    const message = parsed.data;
    if (message.type === 'cancel') {
      current?.abort();
      return;
    }
    if (current) {
      send({ type: 'error', code: 'busy', message: 'a build is already running on this connection; cancel it or wait for its result' });
      return;
    }
    const controller = new AbortController();
    current = controller;
    // The connection is free again the moment the page hears the build's last message, even
    // though the server may still be cleaning up after it.
    const sendForBuild = (reply: ServerMessage) => {
      if (isLastMessage(reply) && current === controller) current = undefined;
      send(reply);
    };
    builds
      .build(message, sendForBuild, controller.signal, options.observer)
      .catch((error: unknown) => {
        options.onError(error);
        send({ type: 'error', code: 'engine-unavailable', message: 'the build server hit an unexpected error; try again' });
      })
      .finally(() => {
        if (current === controller) current = undefined;
      });
  });

  socket.on('close', () => current?.abort());
  socket.on('error', options.onError);
}
