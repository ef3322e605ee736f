// Every path any layer of an image touches, numbered once. Layers stream out of `docker save`
// in no useful order, so each layer's entries refer to these numbers and the layers are
// stacked once the order is known; a parent always gets a smaller number than its children.

export class TooManyPathsError extends Error {
  constructor(what: string) {
    super(`the image has more than ${what}; the analysis stops there`);
  }
}

/**
 * Bytes of path and link text the table keeps, per path it may hold. A learner's image chooses
 * its names: 100,000 paths of 4 KB each would keep 400 MB of text (the server's heap is capped
 * at 512 MB), while real images average under 100 bytes per path.
 */
const TEXT_BYTES_PER_PATH = 128;

export class PathTable {
  /** Segment name of each node; node 0 is the root (""). */
  readonly names: string[] = [''];
  /** Parent of each node; -1 for the root. */
  readonly parents: number[] = [-1];
  private readonly byPath = new Map<string, number>([['', 0]]);
  private readonly maxPaths: number;
  /** Text this table may still keep: its lookup keys, names and links. */
  private textLeft: number;

  constructor(maxPaths: number) {
    this.maxPaths = maxPaths;
    this.textLeft = maxPaths * TEXT_BYTES_PER_PATH;
  }

  get size(): number {
    return this.names.length;
  }

  /** The node of a normalised path ("app/node_modules", "" for the root), made with its parents when new. */
  node(path: string): number {
    const known = this.byPath.get(path);
    if (known !== undefined) return known;
    const slash = path.lastIndexOf('/');
    const parent = slash < 0 ? 0 : this.node(path.slice(0, slash));
    if (this.names.length >= this.maxPaths) throw new TooManyPathsError(`${this.maxPaths.toLocaleString('en')} paths`);
    const name = slash < 0 ? path : path.slice(slash + 1);
    this.spend(path.length + name.length);
    const created = this.names.length;
    this.names.push(name);
    this.parents.push(parent);
    this.byPath.set(path, created);
    return created;
  }

  /** A link target kept for an entry, counted against the same text budget. */
  link(target: string): string {
    this.spend(target.length);
    return target;
  }

  /** Drops the lookup map once every layer is read: only names and parents are needed after. */
  seal(): void {
    this.byPath.clear();
  }

  private spend(bytes: number): void {
    this.textLeft -= bytes;
    if (this.textLeft < 0) throw new TooManyPathsError(`${((this.maxPaths * TEXT_BYTES_PER_PATH) / 1024 / 1024).toFixed(0)} MB of path names`);
  }
}

/** A leading or doubled slash, a trailing one (after trimming one), or a "." or ".." segment, once a leading "./" is trimmed. */
const NEEDS_CLEANING = /^\/|\/\/|\/$|(?:^|\/)\.\.?(?:\/|$)/;

/**
 * A tar entry name as a path in the image: no leading "./" or "/", no trailing "/", no "."
 * segments. Undefined for the root itself and for names that climb out of it ("../x").
 */
export function normalizeEntryName(name: string): string | undefined {
  // Most names are clean but for a leading "./" and a folder's trailing slash: those need no splitting.
  const trimmed = name.slice(name.startsWith('./') ? 2 : 0, name.endsWith('/') ? -1 : name.length);
  if (trimmed !== '' && !NEEDS_CLEANING.test(trimmed)) return trimmed;
  const parts: string[] = [];
  for (const part of name.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(part);
  }
  return parts.length === 0 ? undefined : parts.join('/');
}
