// Small files of the built site answered from memory. sirv streams every file from disk, an
// open, a read and a close each through libuv's threadpool, which waited behind the sandbox
// engines' disk traffic and the analysis cache's gzip: under a building class a page took
// 96-100 ms at p99 for a 2 ms median (bench/front-door.ts). This layer goes in front of sirv
// and answers as sirv 3 (options etag, gzip, brotli) would: the same file chosen for the URL
// and Accept-Encoding, the same headers, 304 on a matching ETag. Whatever it does not hold (a
// file over the size limit or past the total, a Range request, no such file) goes on to sirv.
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { lookup } from 'mrmime';

export interface InMemoryLimits {
  /** Larger files (each variant counts alone) are left to sirv. */
  maxFileBytes: number;
  /** All files held together; the rest are left to sirv. */
  maxTotalBytes: number;
}

type Headers = Record<string, string | number>;

/** A file of the folder; `body` when it is held. */
interface Known {
  headers: Headers;
  body?: Buffer;
}

const ENCODINGS: Record<string, string> = { '.br': 'br', '.gz': 'gzip' };
/** Page URLs without an extension find `.html` then `.htm` (sirv's default `extensions`). */
const PAGE_EXTENSIONS = ['html', 'htm'];
/** Held in this order until the total is reached: what browsers ask for first. */
const HOLD_ORDER = ['.br', '.gz'];

/** sirv's headers for a file (its toHeaders, with ETags on). */
function headersOf(name: string, stats: fs.Stats): Headers {
  const encoding = ENCODINGS[name.slice(-3)];
  let type = lookup(encoding ? name.slice(0, -3) : name) ?? '';
  if (type === 'text/html') type += ';charset=utf-8';
  return {
    'Content-Length': stats.size,
    'Content-Type': type,
    'Last-Modified': stats.mtime.toUTCString(),
    ...(encoding && { 'Content-Encoding': encoding }),
    ETag: `W/"${stats.size}-${stats.mtime.getTime()}"`,
  };
}

/** Every file sirv would list under `dir` (dot files left out, except under .well-known), by URL path. */
function listFiles(dir: string): Map<string, { abs: string; stats: fs.Stats }> {
  const files = new Map<string, { abs: string; stats: fs.Stats }>();
  const visit = (relative: string) => {
    for (const name of fs.readdirSync(path.join(dir, relative))) {
      const child = relative ? `${relative}/${name}` : name;
      const abs = path.join(dir, child);
      const stats = fs.statSync(abs);
      if (stats.isDirectory()) visit(child);
      else if (/\.well-known\//.test(child) || !/(^\.|\/\.)/.test(child)) files.set(`/${child.normalize()}`, { abs, stats });
    }
  };
  visit('');
  return files;
}

const rank = (name: string) => {
  const at = HOLD_ORDER.indexOf(name.slice(-3));
  return at < 0 ? HOLD_ORDER.length : at;
};

/** The path part of a request URL, percent-decoded where it can be (as sirv reads it). */
function pathnameOf(url: string): string {
  let pathname = url;
  if (url.length > 1) {
    const hash = url.indexOf('#', 1);
    if (hash !== -1) pathname = url.slice(0, hash);
    const query = pathname.indexOf('?', 1);
    if (query !== -1) pathname = pathname.slice(0, query);
  }
  if (!pathname.includes('%')) return pathname;
  try {
    return decodeURI(pathname);
  } catch {
    return pathname;
  }
}

/** sirv's candidates for a path, in its order: each suffix on the path itself, then on `<path>/index`. */
function candidates(pathname: string, acceptEncoding: string): string[] {
  const suffixes = [''];
  if (acceptEncoding.includes('gzip')) suffixes.unshift(...PAGE_EXTENSIONS.map((x) => `.${x}.gz`), '.gz');
  if (/(br|brotli)/i.test(acceptEncoding)) suffixes.unshift(...PAGE_EXTENSIONS.map((x) => `.${x}.br`), '.br');
  suffixes.push(...PAGE_EXTENSIONS.map((x) => `.${x}`));
  const base = pathname.endsWith('/') ? pathname.slice(0, -1) : pathname;
  const list: string[] = [];
  for (const suffix of suffixes) {
    if (base) list.push(base + suffix);
    list.push(`${base}/index${suffix}`);
  }
  return list;
}

/**
 * A request handler for the files under `dir`, holding the small ones. `setHeaders` is called
 * as sirv calls its own (after the 304 check), with the request's path.
 */
export function staticInMemory(dir: string, limits: InMemoryLimits, setHeaders: (res: http.ServerResponse, pathname: string) => void = () => {}) {
  const files = listFiles(path.resolve(dir));
  const known = new Map<string, Known>();
  for (const [url, { stats }] of files) known.set(url, { headers: headersOf(url, stats) });
  let heldBytes = 0;
  const small = [...files].filter(([, { stats }]) => stats.size <= limits.maxFileBytes).sort(([a, x], [b, y]) => rank(a) - rank(b) || x.stats.size - y.stats.size);
  for (const [url, { abs, stats }] of small) {
    if (heldBytes + stats.size > limits.maxTotalBytes) continue;
    known.get(url)!.body = fs.readFileSync(abs);
    heldBytes += stats.size;
  }

  const handle = (req: http.IncomingMessage, res: http.ServerResponse, next: () => void): void => {
    // sirv answers ranges (206, 416) from the file.
    if (req.headers.range || req.url === undefined) return next();
    const pathname = pathnameOf(req.url);
    let file: Known | undefined;
    for (const candidate of candidates(pathname, req.headers['accept-encoding'] ?? '')) {
      file = known.get(candidate);
      if (file) break;
    }
    if (!file?.body) return next();
    if (req.headers['if-none-match'] === file.headers.ETag) {
      res.writeHead(304);
      res.end();
      return;
    }
    res.setHeader('Vary', 'Accept-Encoding');
    setHeaders(res, pathname);
    // Headers already on the response win over the file's, as with sirv.
    const headers = { ...file.headers };
    for (const key of Object.keys(headers)) {
      const set = res.getHeader(key);
      if (set) headers[key] = set as string | number;
    }
    res.writeHead(200, headers);
    res.end(file.body);
  };
  return Object.assign(handle, { heldBytes });
}
