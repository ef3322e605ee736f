// Reads an image as `docker save` streams it (GET /images/{name}/get): an outer tar holding
// each layer as `<id>/layer.tar`, the image config and manifest.json. Each layer's tar is read
// as it passes, header by header, its file bodies drained unread: nothing goes to disk and no
// layer is held in memory, only one small record per entry. Layers come out in no useful
// order; manifest.json (last) says which is which.
import type { Readable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import { normalizeEntryName, PathTable } from './path-table.ts';

/** What one tar entry of a layer does. `whiteout` removes its path; `opaque` empties the folder of what lower layers had. */
export type EntryKind = 'dir' | 'file' | 'symlink' | 'hardlink' | 'other' | 'whiteout' | 'opaque';

export interface LayerEntry {
  node: number;
  kind: EntryKind;
  /** A regular file's bytes; 0 otherwise. */
  size: number;
  link?: string;
}

export interface LayerRead {
  entries: LayerEntry[];
  /** Bytes of regular files (tar header sizes). */
  fileBytes: number;
  /** Bytes of symlink targets: the engine counts them in some layers' sizes (see analyze-image.ts). */
  symlinkBytes: number;
}

export interface SavedImageConfig {
  history?: Array<{ created_by?: string; empty_layer?: boolean; comment?: string }>;
  rootfs?: { diff_ids?: string[] };
}

export interface SavedImage {
  paths: PathTable;
  /** In the image's order, bottom first. */
  layers: LayerRead[];
  config: SavedImageConfig;
}

export class SavedImageFormatError extends Error {}

const WHITEOUT = '.wh.';
const OPAQUE = '.wh..wh..opq';
/** manifest.json and the config are a few KB; anything this big is not them. */
const MAX_JSON_BYTES = 4 * 1024 * 1024;

function entryOf(header: tar.Header, paths: PathTable): LayerEntry | undefined {
  const path = normalizeEntryName(header.name);
  if (path === undefined) return undefined;
  const slash = path.lastIndexOf('/');
  const base = path.slice(slash + 1);
  if (base.startsWith(WHITEOUT)) {
    const dir = slash < 0 ? '' : path.slice(0, slash);
    if (base === OPAQUE) return { node: paths.node(dir), kind: 'opaque', size: 0 };
    // Other ".wh..wh." names are the storage driver's bookkeeping (aufs hard-link folders), not files.
    if (base.startsWith(`${WHITEOUT}${WHITEOUT}`)) return undefined;
    const removed = base.slice(WHITEOUT.length);
    return { node: paths.node(slash < 0 ? removed : `${dir}/${removed}`), kind: 'whiteout', size: 0 };
  }
  const node = paths.node(path);
  switch (header.type) {
    case 'directory':
      return { node, kind: 'dir', size: 0 };
    case 'file':
    case 'contiguous-file':
      return { node, kind: 'file', size: header.size };
    case 'symlink':
      return { node, kind: 'symlink', size: 0, link: header.linkname };
    case 'link':
      return { node, kind: 'hardlink', size: 0, link: normalizeEntryName(header.linkname) ?? header.linkname };
    default:
      return { node, kind: 'other', size: 0 };
  }
}

/** A tar entry's body as tar-stream hands it over. */
type EntryBody = tar.ExtractEvents['entry'][1];

/** Longest the reading runs before it lets the server's other work in. */
const SLICE_MS = 5;

/**
 * Moves on to the next tar entry, handing the event loop back every SLICE_MS: tar-stream reads
 * the headers of small files one after another from its buffer without a pause, and a layer of
 * thousands of them held every other request for 90 ms (bench/front-door.ts).
 */
function slicer(): (next: () => void) => void {
  let sliceStart = performance.now();
  return (next) => {
    if (performance.now() - sliceStart < SLICE_MS) return next();
    setImmediate(() => {
      sliceStart = performance.now();
      next();
    });
  };
}

async function readLayer(stream: EntryBody, paths: PathTable, pace: (next: () => void) => void): Promise<LayerRead> {
  const layer: LayerRead = { entries: [], fileBytes: 0, symlinkBytes: 0 };
  const extract = tar.extract();
  extract.on('entry', (header, body, next) => {
    try {
      const entry = entryOf(header, paths);
      if (entry) {
        layer.entries.push(entry);
        layer.fileBytes += entry.size;
        if (entry.kind === 'symlink') layer.symlinkBytes += Buffer.byteLength(header.linkname);
      }
    } catch (error) {
      next(error as Error);
      return;
    }
    // An abort destroys the bodies with an error; the extract reports it, this must not throw it again.
    body.on('error', () => {});
    body.on('end', () => pace(next));
    body.resume();
  });
  await new Promise<void>((resolve, reject) => {
    extract.on('finish', resolve);
    extract.on('error', reject);
    stream.on('error', reject);
    stream.pipe(extract);
  });
  return layer;
}

async function readJson(stream: EntryBody): Promise<unknown> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    length += chunk.length;
    if (length > MAX_JSON_BYTES) throw new SavedImageFormatError('a JSON file of the saved image is too large');
    chunks.push(chunk);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

/** Reads a saved image from its stream; stops (and destroys the stream) when the signal aborts. */
export async function readSavedImage(stream: Readable, options: { maxPaths: number; signal: AbortSignal }): Promise<SavedImage> {
  const paths = new PathTable(options.maxPaths);
  const layersByName = new Map<string, LayerRead>();
  const jsonByName = new Map<string, unknown>();
  const outer = tar.extract();
  const pace = slicer();
  outer.on('entry', (header, body, next) => {
    const name = normalizeEntryName(header.name) ?? '';
    let work: Promise<unknown>;
    if (name.endsWith('/layer.tar')) work = readLayer(body, paths, pace).then((layer) => layersByName.set(name, layer));
    // Top-level JSON: manifest.json and the image config (named by its digest). Layer folders' own `json` files are legacy metadata.
    else if (!name.includes('/') && name.endsWith('.json')) work = readJson(body).then((json) => jsonByName.set(name, json));
    else {
      body.resume();
      work = finished(body as unknown as NodeJS.ReadableStream);
    }
    work.then(
      () => next(),
      (error: Error) => next(error),
    );
  });
  await pipeline(stream, outer, { signal: options.signal });
  paths.seal();

  const manifest = jsonByName.get('manifest.json') as Array<{ Config?: string; Layers?: string[] }> | undefined;
  const entry = Array.isArray(manifest) ? manifest[0] : undefined;
  if (!entry?.Config || !Array.isArray(entry.Layers)) throw new SavedImageFormatError('the saved image has no readable manifest.json');
  const config = jsonByName.get(normalizeEntryName(entry.Config) ?? '') as SavedImageConfig | undefined;
  if (!config) throw new SavedImageFormatError(`the saved image lacks its config ${entry.Config}`);
  const layers = entry.Layers.map((layerName) => {
    const layer = layersByName.get(normalizeEntryName(layerName) ?? '');
    if (!layer) throw new SavedImageFormatError(`the saved image lacks the layer ${layerName}`);
    return layer;
  });
  return { paths, layers, config };
}
