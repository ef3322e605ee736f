// The build context as a folder tree for the page: folders first, then files, each folder with
// the bytes it sends and whether .dockerignore leaves all of it out. Pure.
import type { PlannedFile } from '../../../shared/build-context.ts';

export interface ContextFolder {
  kind: 'dir';
  name: string;
  path: string;
  children: ContextNode[];
  /** Bytes of its files the engine would receive. */
  sentBytes: number;
  bytes: number;
  /** True when every file under it is left out. */
  ignored: boolean;
}

export interface ContextLeaf extends PlannedFile {
  kind: 'file';
  name: string;
}

export type ContextNode = ContextFolder | ContextLeaf;

const byKindThenName = (x: ContextNode, y: ContextNode) => (x.kind === y.kind ? x.name.localeCompare(y.name) : x.kind === 'dir' ? -1 : 1);

function finish(folder: ContextFolder): ContextFolder {
  folder.children.sort(byKindThenName);
  for (const child of folder.children) if (child.kind === 'dir') finish(child);
  folder.bytes = folder.children.reduce((n, c) => n + c.bytes, 0);
  folder.sentBytes = folder.children.reduce((n, c) => n + (c.kind === 'dir' ? c.sentBytes : c.ignored ? 0 : c.bytes), 0);
  folder.ignored = folder.children.length > 0 && folder.children.every((c) => c.ignored);
  return folder;
}

/** The root folder ("", the context itself) holding every planned file. */
export function contextTree(files: readonly PlannedFile[]): ContextFolder {
  const root: ContextFolder = { kind: 'dir', name: '', path: '', children: [], sentBytes: 0, bytes: 0, ignored: false };
  for (const file of files) {
    const parts = file.path.split('/');
    let folder = root;
    for (const name of parts.slice(0, -1)) {
      const path = folder.path ? `${folder.path}/${name}` : name;
      let next = folder.children.find((c): c is ContextFolder => c.kind === 'dir' && c.name === name);
      if (!next) {
        next = { kind: 'dir', name, path, children: [], sentBytes: 0, bytes: 0, ignored: false };
        folder.children.push(next);
      }
      folder = next;
    }
    folder.children.push({ ...file, kind: 'file', name: parts.at(-1)! });
  }
  return finish(root);
}
