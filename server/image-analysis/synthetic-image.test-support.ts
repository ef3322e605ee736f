// Small saved images for unit tests: layers given as lists of tar entries, packed the way
// `docker save` does it (one `<id>/layer.tar` each, the config, manifest.json last), plus the
// history the engine would report for them.
import { Readable } from 'node:stream';
import tar from 'tar-stream';
import type { HistoryEntry } from './engine-image.ts';

type Header = Parameters<tar.Pack['entry']>[0];

export interface Entry {
  name: string;
  type?: 'file' | 'directory' | 'symlink' | 'link';
  /** File size in bytes (the body is zeros). */
  size?: number;
  linkname?: string;
}

export interface HistoryItem {
  createdBy: string;
  /** Undefined for an empty entry (ENV, CMD ...). */
  layer?: Entry[];
  /** Defaults to the layer's file bytes. */
  size?: number;
}

async function packed(entries: Array<{ header: Header; body?: Buffer }>): Promise<Buffer> {
  const pack = tar.pack();
  for (const { header, body } of entries) pack.entry(header, body ?? Buffer.alloc(0));
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const layerTar = (entries: Entry[]) =>
  packed(
    entries.map((e) => {
      const type = e.type ?? (e.name.endsWith('/') ? 'directory' : 'file');
      const size = type === 'file' ? (e.size ?? 0) : 0;
      return { header: { name: e.name, type, size, ...(e.linkname !== undefined && { linkname: e.linkname }) }, body: Buffer.alloc(size) };
    }),
  );

/** The saved image's stream and the engine's history for it (newest first, as the engine answers). */
export async function syntheticImage(items: HistoryItem[]): Promise<{ stream: () => Readable; history: HistoryEntry[] }> {
  const layers = items.filter((i) => i.layer);
  const names = layers.map((_, i) => `${String(i).padStart(64, 'a')}/layer.tar`);
  const config = {
    history: items.map((i) => ({ created_by: i.createdBy, ...(!i.layer && { empty_layer: true }) })),
    rootfs: { type: 'layers', diff_ids: layers.map((_, i) => `sha256:${String(i).padStart(64, '0')}`) },
  };
  const files: Array<{ header: Header; body?: Buffer }> = [];
  // Layers in reverse, as the engine's name order does not follow the image's.
  for (let i = layers.length - 1; i >= 0; i--) {
    const body = await layerTar(layers[i]!.layer!);
    files.push({ header: { name: names[i]!, size: body.length }, body });
  }
  const configBody = Buffer.from(JSON.stringify(config));
  files.push({ header: { name: 'c0ffee.json', size: configBody.length }, body: configBody });
  const manifest = Buffer.from(JSON.stringify([{ Config: 'c0ffee.json', RepoTags: null, Layers: names }]));
  files.push({ header: { name: 'manifest.json', size: manifest.length }, body: manifest });
  const image = await packed(files);
  const history = items
    .map((item, i) => ({ Id: '<missing>', Created: i, CreatedBy: item.createdBy, Comment: '', Size: item.size ?? (item.layer ?? []).reduce((n, e) => n + ((e.type ?? 'file') === 'file' && !e.name.endsWith('/') ? (e.size ?? 0) : 0), 0) }))
    .reverse();
  return { stream: () => Readable.from([image]), history };
}
