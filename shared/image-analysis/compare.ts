// Two builds side by side (Regular against Multi-stage, or any two of a learner's builds):
// where the bytes differ, by top-level folder and by package, and what only one of them has.
// Pure, on two analyses; the server answers it over HTTP and the page may run it itself.
import type { FileNode, ImageAnalysis, ImageComparison, OnlyIn, SizeRow } from './schema.ts';
import { isPresent } from './tree.ts';

const MAX_ROWS = 200;

interface Final {
  /** Path of every node present in the final image ("/usr/lib"); undefined for absent ones. */
  paths: Array<string | undefined>;
  byPath: Map<string, number>;
  /** Regular files at or under each node. */
  files: Float64Array;
}

function finalOf(tree: readonly FileNode[]): Final {
  const paths: Array<string | undefined> = new Array(tree.length);
  const byPath = new Map<string, number>();
  paths[0] = '';
  for (let node = 1; node < tree.length; node++) {
    const entry = tree[node]!;
    const parent = paths[entry.parent];
    if (parent === undefined || !isPresent(entry)) continue;
    paths[node] = `${parent}/${entry.name}`;
    byPath.set(paths[node]!, node);
  }
  const files = new Float64Array(tree.length);
  for (let node = tree.length - 1; node > 0; node--) {
    if (paths[node] === undefined) continue;
    if (tree[node]!.kind === 'file') files[node]! += 1;
    files[tree[node]!.parent]! += files[node]!;
  }
  return { paths, byPath, files };
}

/**
 * The package a file belongs to: the package folder under the first node_modules on its path
 * ("/app/node_modules/express", "/usr/local/lib/node_modules/npm", scoped "@types/node" as
 * one), otherwise its folder cut to three levels under /usr, /var and /opt ("/usr/lib/gcc",
 * "/var/lib/apt") and to two elsewhere ("/root/.npm", "/etc/ssl", "/app").
 */
export function packageOf(path: string): string {
  const segments = path.split('/').slice(1, -1);
  const modules = segments.indexOf('node_modules');
  if (modules >= 0 && modules + 1 < segments.length) {
    const scoped = segments[modules + 1]!.startsWith('@') && modules + 2 < segments.length;
    return `/${segments.slice(0, modules + (scoped ? 3 : 2)).join('/')}`;
  }
  const levels = ['usr', 'var', 'opt'].includes(segments[0] ?? '') ? 3 : 2;
  return `/${segments.slice(0, levels).join('/')}`;
}

function rows(a: Map<string, number>, b: Map<string, number>): SizeRow[] {
  const keys = new Set([...a.keys(), ...b.keys()]);
  return [...keys]
    .map((path) => {
      const sa = a.get(path) ?? 0;
      const sb = b.get(path) ?? 0;
      return { path, a: sa, b: sb, delta: sb - sa };
    })
    .sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta) || Math.max(y.a, y.b) - Math.max(x.a, x.b) || x.path.localeCompare(y.path));
}

function byFolder(tree: readonly FileNode[], final: Final): Map<string, number> {
  const sizes = new Map<string, number>();
  for (let node = 1; node < tree.length; node++) if (tree[node]!.parent === 0 && final.paths[node] !== undefined) sizes.set(final.paths[node]!, tree[node]!.size);
  return sizes;
}

function byPackage(tree: readonly FileNode[], final: Final): Map<string, number> {
  const sizes = new Map<string, number>();
  for (let node = 1; node < tree.length; node++) {
    const path = final.paths[node];
    if (path === undefined || tree[node]!.kind !== 'file') continue;
    const key = packageOf(path);
    sizes.set(key, (sizes.get(key) ?? 0) + tree[node]!.size);
  }
  return sizes;
}

/** The highest paths of `mine` that `theirs` lacks. */
function onlyIn(tree: readonly FileNode[], mine: Final, theirs: Final): ImageComparison['onlyInA'] {
  const found: OnlyIn[] = [];
  for (let node = 1; node < tree.length; node++) {
    const path = mine.paths[node];
    if (path === undefined || theirs.byPath.has(path)) continue;
    const parent = mine.paths[tree[node]!.parent]!;
    if (parent !== '' && !theirs.byPath.has(parent)) continue; // inside a folder already listed
    found.push({ path, kind: tree[node]!.kind, files: mine.files[node]!, bytes: tree[node]!.size });
  }
  found.sort((x, y) => y.bytes - x.bytes || y.files - x.files || x.path.localeCompare(y.path));
  return {
    total: { paths: found.length, files: found.reduce((n, f) => n + f.files, 0), bytes: found.reduce((n, f) => n + f.bytes, 0) },
    paths: found.slice(0, MAX_ROWS),
  };
}

export function compareAnalyses(a: ImageAnalysis, b: ImageAnalysis): ImageComparison {
  const finalA = finalOf(a.tree);
  const finalB = finalOf(b.tree);
  return {
    a: { buildId: a.buildId, file: a.file, imageSize: a.summary.imageSize },
    b: { buildId: b.buildId, file: b.file, imageSize: b.summary.imageSize },
    byFolder: rows(byFolder(a.tree, finalA), byFolder(b.tree, finalB)),
    byPackage: rows(byPackage(a.tree, finalA), byPackage(b.tree, finalB)).slice(0, MAX_ROWS),
    onlyInA: onlyIn(a.tree, finalA, finalB),
    onlyInB: onlyIn(b.tree, finalB, finalA),
  };
}
