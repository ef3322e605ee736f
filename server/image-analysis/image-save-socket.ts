// `docker save` of one image (GET /images/{name}/get) read through one buffer that every read
// of the engine's socket reuses. The node lab's image is 530 MB, some 8,000 socket reads: as a
// stream, each read was a new 64 KB ArrayBuffer that only the next young-generation GC freed,
// and between two of those GCs tens of MB of them waited per analysis. Plain HTTP/1.1 on the
// engine's socket (unix or tcp, as docker-modem dials it), one request per connection.
import net from 'node:net';
import type Docker from 'dockerode';

/** Hands the bytes on in order; while a promise it returned is pending, nothing more is read. */
export type ByteSink = (part: Buffer) => Promise<void> | undefined;

const READ_BYTES = 64 * 1024;
/** A status line and headers longer than this are not Docker's. */
const MAX_HEAD_BYTES = 16 * 1024;
/** A chunk size line (with any extensions) or trailer line longer than this is not Docker's. */
const MAX_LINE_BYTES = 1024;
/** Of an error answer's body, this much goes into the error. */
const MAX_ERROR_BODY_BYTES = 4 * 1024;

/** A chunk's size: the hex digits a size line starts with (extensions after ";" are ignored). */
function chunkSize(line: Buffer, length: number): number {
  let size = 0;
  let digits = 0;
  for (; digits < length; digits++) {
    const byte = line[digits]!;
    const lower = byte | 0x20;
    const digit = byte >= 48 && byte <= 57 ? byte - 48 : lower >= 97 && lower <= 102 ? lower - 87 : -1;
    if (digit < 0) break;
    size = size * 16 + digit;
  }
  if (digits === 0) throw new Error(`docker save: a bad chunk size line "${line.toString('latin1', 0, length)}"`);
  return size;
}

export class EngineAnswerError extends Error {
  readonly statusCode: number;

  constructor(statusCode: number, body: string) {
    super(`(HTTP code ${statusCode}) ${body.trim()}`);
    this.statusCode = statusCode;
  }
}

/** Where docker-modem connects for this client. */
function dialOptions(docker: Docker): net.NetConnectOpts {
  const modem = docker.modem as unknown as { socketPath?: string; host?: string; port?: number | string };
  return modem.socketPath ? { path: modem.socketPath } : { host: modem.host ?? 'localhost', port: Number(modem.port ?? 2375) };
}

/**
 * Decodes an HTTP/1.1 response as its bytes arrive: the head, then a chunked or sized body
 * handed to `body` as slices of the caller's bytes. `feed` returns what `body` returned.
 */
export class ResponseReader {
  private readonly body: ByteSink;
  /** The head so far, while it straddles reads. */
  private head: Buffer[] = [];
  private headLength = 0;
  status = 0;
  private chunked = false;
  /** Body bytes still to come: of the current chunk, or of a sized body (-1: until the connection ends). */
  private left = -1;
  /** Chunked framing: reading a size line, the CRLF after a chunk's data, or the trailer. */
  private framing: 'size' | 'data' | 'crlf' | 'trailer' = 'size';
  /** The framing line being read, CRLF included. */
  private readonly line = Buffer.alloc(MAX_LINE_BYTES);
  private lineLength = 0;
  done = false;

  constructor(body: ByteSink) {
    this.body = body;
  }

  feed(bytes: Buffer): Promise<void> | undefined {
    let at = 0;
    if (this.status === 0) {
      at = this.readHead(bytes);
      if (this.status === 0) return undefined;
    }
    return this.feedBody(bytes, at);
  }

  /** Reads on from `at`; when `body` answers with a promise, the rest of `bytes` waits for it (the caller reads no more meanwhile, so they stay as they are). */
  private feedBody(bytes: Buffer, at: number): Promise<void> | undefined {
    while (at < bytes.length && !this.done) {
      if (!this.chunked) {
        const length = this.left < 0 ? bytes.length - at : Math.min(this.left, bytes.length - at);
        const wait = this.body(bytes.subarray(at, at + length));
        at += length;
        if (this.left >= 0) {
          this.left -= length;
          this.done = this.left === 0;
        }
        if (wait) return this.after(wait, bytes, at);
      } else if (this.framing === 'data') {
        const length = Math.min(this.left, bytes.length - at);
        const wait = this.body(bytes.subarray(at, at + length));
        at += length;
        this.left -= length;
        if (this.left === 0) this.framing = 'crlf';
        if (wait) return this.after(wait, bytes, at);
      } else {
        // Framing lines are a few bytes per chunk: read a byte at a time into `line`, no string made.
        const byte = bytes[at++]!;
        if (this.lineLength === MAX_LINE_BYTES) throw new Error('docker save: a chunk framing line too long');
        this.line[this.lineLength++] = byte;
        if (byte !== 10 || this.lineLength < 2 || this.line[this.lineLength - 2] !== 13) continue;
        const length = this.lineLength - 2;
        this.lineLength = 0;
        if (this.framing === 'crlf') {
          if (length !== 0) throw new Error('docker save: no CRLF after a chunk');
          this.framing = 'size';
        } else if (this.framing === 'size') {
          const size = chunkSize(this.line, length);
          if (size === 0) this.framing = 'trailer';
          else {
            this.left = size;
            this.framing = 'data';
          }
        } else if (length === 0) this.done = true; // the empty line that ends the trailer
      }
    }
    return undefined;
  }

  private async after(wait: Promise<void>, bytes: Buffer, at: number): Promise<void> {
    await wait;
    await this.feedBody(bytes, at);
  }

  /** Whether the body is complete when the connection ends here. */
  get completeAtClose(): boolean {
    return this.done || (this.status !== 0 && !this.chunked && this.left < 0);
  }

  private readHead(bytes: Buffer): number {
    const earlier = this.headLength;
    const head = Buffer.concat([...this.head, bytes.subarray(0, MAX_HEAD_BYTES)]);
    const end = head.indexOf('\r\n\r\n');
    if (end < 0) {
      if (head.length >= MAX_HEAD_BYTES) throw new Error('docker save: the answer\'s head is too long');
      this.head = [head]; // a copy: the caller's buffer is read into again
      this.headLength = head.length;
      return bytes.length;
    }
    const [statusLine, ...fields] = head.toString('latin1', 0, end).split('\r\n');
    const status = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine!)?.[1];
    if (!status) throw new Error(`docker save: not an HTTP answer: ${statusLine}`);
    const headers = new Map(fields.map((f) => [f.slice(0, f.indexOf(':')).trim().toLowerCase(), f.slice(f.indexOf(':') + 1).trim()]));
    this.chunked = /\bchunked\b/i.test(headers.get('transfer-encoding') ?? '');
    if (!this.chunked && headers.has('content-length')) this.left = Number(headers.get('content-length'));
    this.status = Number(status);
    this.head = [];
    if (this.left === 0) this.done = true;
    // Where the body starts in `bytes`.
    return end + 4 - earlier;
  }
}

/** Streams `docker save` of the image into `sink`; resolves at the end of the image, rejects on an error answer, a broken connection or the signal. */
export function streamImageSave(docker: Docker, imageId: string, signal: AbortSignal, sink: ByteSink): Promise<void> {
  // It goes into the request line as it is: only an image id or reference's characters (no CR, LF, space, ? or %).
  if (!/^[\w.:@/-]+$/.test(imageId)) return Promise.reject(new Error(`docker save: not an image id: ${JSON.stringify(imageId.slice(0, 80))}`));
  return new Promise((resolve, reject) => {
    let errorBody = '';
    const response = new ResponseReader((part) => {
      if (response.status === 200) return sink(part);
      errorBody += part.toString('utf8', 0, Math.max(0, Math.min(part.length, MAX_ERROR_BODY_BYTES - errorBody.length)));
      return undefined;
    });
    let settled = false;
    const finish = (error?: unknown) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      if (error !== undefined) reject(error);
      else if (response.status !== 200) reject(new EngineAnswerError(response.status, errorBody));
      else resolve();
    };
    const onAbort = () => finish(signal.reason);
    const buffer = Buffer.allocUnsafe(READ_BYTES);
    const socket = net.connect({
      ...dialOptions(docker),
      onread: {
        buffer,
        callback: (length) => {
          try {
            const wait = response.feed(buffer.subarray(0, length));
            if (response.done) {
              finish();
              return false;
            }
            if (!wait) return true;
            wait.then(() => socket.resume(), finish);
            return false;
          } catch (error) {
            finish(error);
            return false;
          }
        },
      },
    });
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    socket.on('error', finish);
    socket.on('close', () => finish(response.completeAtClose ? undefined : new Error('the engine closed docker save before the image\'s end')));
    socket.on('connect', () => socket.write(`GET /images/${imageId}/get HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n\r\n`));
  });
}
