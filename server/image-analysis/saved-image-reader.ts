// Reads an image as `docker save` streams it (GET /images/{name}/get): an outer tar holding
// each layer as `<id>/layer.tar`, the image config and manifest.json. Each layer's tar is read
// as it passes, header by header, its file bodies drained unread: nothing goes to disk and no
// layer is held in memory, only one small record per entry. Layers come out in no useful
// order; manifest.json (last) says which is which.
import { addAbortSignal, type Readable } from 'node:stream';
import type { ByteSink } from './image-save-socket.ts';
import { LayerEntries, type LayerEntry } from './layer-entries.ts';
import { normalizeEntryName, PathTable } from './path-table.ts';
import { TarReader, type BodySink, type TarEntry } from './tar-entries.ts';

export interface LayerRead {
  entries: LayerEntries;
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

function entryOf(header: TarEntry, paths: PathTable): LayerEntry | undefined {
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
      return { node, kind: 'symlink', size: 0, link: paths.link(header.linkname ?? '') };
    case 'link':
      return { node, kind: 'hardlink', size: 0, link: paths.link(normalizeEntryName(header.linkname ?? '') ?? header.linkname ?? '') };
    default:
      return { node, kind: 'other', size: 0 };
  }
}

/** Longest the reading runs before it lets the server's other work in. */
const SLICE_MS = 5;

/**
 * Hands the event loop back when the reading has run SLICE_MS: the headers of a layer's small
 * files follow one another without a pause, and a layer of thousands of them held every
 * other request for 90 ms (bench/front-door.ts).
 */
function slicer(): () => Promise<void> | undefined {
  let sliceStart = performance.now();
  return () => {
    if (performance.now() - sliceStart < SLICE_MS) return undefined;
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        sliceStart = performance.now();
        resolve();
      }),
    );
  };
}

/** Reads a layer's tar as its bytes pass; `done` gets what it holds. */
function layerReader(paths: PathTable, done: (layer: LayerRead) => void): BodySink {
  const layer: LayerRead = { entries: new LayerEntries(), fileBytes: 0, symlinkBytes: 0 };
  const tar = new TarReader((header) => {
    const entry = entryOf(header, paths);
    if (entry) {
      layer.entries.push(entry);
      layer.fileBytes += entry.size;
      if (entry.kind === 'symlink') layer.symlinkBytes += Buffer.byteLength(entry.link!);
    }
    return undefined; // file bodies are skipped
  });
  return {
    data: (part) => tar.write(part),
    end: () => {
      tar.end();
      done(layer);
    },
  };
}

/** Gathers a JSON file (copied: the chunks are not kept) and parses it at its end. */
function jsonReader(done: (json: unknown) => void): BodySink {
  const parts: Buffer[] = [];
  let length = 0;
  return {
    data: (part) => {
      length += part.length;
      if (length > MAX_JSON_BYTES) throw new SavedImageFormatError('a JSON file of the saved image is too large');
      parts.push(Buffer.from(part));
    },
    end: () => done(JSON.parse(Buffer.concat(parts).toString('utf8'))),
  };
}

/** Hands a saved image's bytes to the sink in order, waiting while a promise the sink returned is pending. */
export type ByteSource = (sink: ByteSink) => Promise<void>;

/** A stream as a byte source; the signal destroys it. */
export function streamSource(stream: Readable, signal: AbortSignal): ByteSource {
  return async (sink) => {
    // Leaving the loop (an error, the signal) destroys the stream.
    for await (const chunk of addAbortSignal(signal, stream) as AsyncIterable<Buffer>) await sink(chunk);
  };
}

/** Reads a saved image from its bytes (the source stops at its signal). */
export async function readSavedImage(source: ByteSource, options: { maxPaths: number }): Promise<SavedImage> {
  const paths = new PathTable(options.maxPaths);
  const layersByName = new Map<string, LayerRead>();
  const jsonByName = new Map<string, unknown>();
  const outer = new TarReader((header) => {
    const name = normalizeEntryName(header.name) ?? '';
    if (name.endsWith('/layer.tar')) return layerReader(paths, (layer) => layersByName.set(name, layer));
    // Top-level JSON: manifest.json and the image config (named by its digest). Layer folders' own `json` files are legacy metadata.
    if (!name.includes('/') && name.endsWith('.json')) return jsonReader((json) => jsonByName.set(name, json));
    return undefined;
  });
  const pace = slicer();
  await source((chunk) => {
    outer.write(chunk);
    return pace();
  });
  outer.end();
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
