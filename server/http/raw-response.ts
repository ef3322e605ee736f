// An HTTP answer written straight to a socket that no ServerResponse owns (a refused upgrade,
// a request Node could not parse), after which the connection is closed.
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

export function answerAndClose(socket: Duplex, status: number, message: string): void {
  if (socket.destroyed) return;
  const body = message ? `${message}\n` : '';
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
