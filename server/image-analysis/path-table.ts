// Every path any layer of an image touches, numbered once. Layers stream out of `docker save`
// in no useful order, so each layer's entries refer to these numbers and the layers are
// stacked once the order is known; a parent always gets a smaller number than its children.

export class TooManyPathsError extends Error {
  readonly limit: number;

  constructor(limit: number) {
    super(`the image has more than ${limit.toLocaleString('en')} paths; the analysis stops there`);
    this.limit = limit;
  }
}

export class PathTable {
  /** Segment name of each node; node 0 is the root (""). */
  readonly names: string[] = [''];
  /** Parent of each node; -1 for the root. */
  readonly parents: number[] = [-1];
  private readonly byPath = new Map<string, number>([['', 0]]);
  private readonly maxPaths: number;

  constructor(maxPaths: number) {
    this.maxPaths = maxPaths;
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
    if (this.names.length >= this.maxPaths) throw new TooManyPathsError(this.maxPaths);
    const created = this.names.length;
    this.names.push(slash < 0 ? path : path.slice(slash + 1));
    this.parents.push(parent);
    this.byPath.set(path, created);
    return created;
  }

  /** Drops the lookup map once every layer is read: only names and parents are needed after. */
  seal(): void {
    this.byPath.clear();
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
