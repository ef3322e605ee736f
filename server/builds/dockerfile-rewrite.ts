// What the server changes in a learner's Dockerfile before BuildKit sees it. Line numbers stay
// as the learner wrote them, so BuildKit's errors point at the learner's lines.
//
// 1. A leading `# syntax=` parser directive makes BuildKit fetch a frontend image from a
//    registry, which learner builds cannot reach: it becomes a plain comment, and the learner
//    is told why.
// 2. Cache mounts (`RUN --mount=type=cache`) are one folder per id on an engine, shared by
//    every build there: without this, one learner could plant files in another's npm or Go
//    cache, or read what it left. Every cache mount's id gets a prefix derived from the
//    learner, so two learners never meet in one, while a learner's own builds still reuse it.
//    The id is also part of the step's cache key, so the layer cache cannot carry one
//    learner's cache contents into another's build either.
import crypto from 'node:crypto';
import { DockerfileParser } from 'dockerfile-ast';
import { formatMountOptions, runMounts } from '../../shared/run-mounts.ts';

export interface DockerfileRewrite {
  text: string;
  /** The frontend a `# syntax=` directive asked for, when one was dropped. */
  droppedSyntax?: string;
  /** Cache mounts whose id now belongs to the learner. */
  scopedCacheMounts: number;
}

/** Thrown for a mount the server cannot scope; the lint refuses it before any build. */
export class UnscopableMountError extends Error {}

/** Parser directives are `# key=value` comment lines before anything else in the file. */
const DIRECTIVE = /^\s*#\s*([a-zA-Z]+)\s*=\s*(.*)$/;

function dropSyntaxDirective(dockerfile: string): { text: string; droppedSyntax?: string } {
  const lines = dockerfile.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const match = DIRECTIVE.exec(lines[i]!);
    if (!match) break; // directives end at the first line that is not one
    if (match[1]!.toLowerCase() === 'syntax') {
      lines[i] = `# (syntax directive for ${match[2]!.trim()} ignored: builds here use the engine's built-in frontend)`;
      return { text: lines.join('\n'), droppedSyntax: match[2]!.trim() };
    }
  }
  return { text: dockerfile };
}

/** The id prefix of one learner's cache mounts: fixed length, so no id of one learner's is another's. */
export const cacheIdPrefix = (learner: string) => `mslab-${crypto.createHash('sha256').update(learner).digest('hex').slice(0, 16)}-`;

function scopeCacheMounts(dockerfile: string, learner: string): { text: string; scoped: number } {
  const prefix = cacheIdPrefix(learner);
  const lineStarts = [0];
  for (let i = dockerfile.indexOf('\n'); i >= 0; i = dockerfile.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const offset = (p: { line: number; character: number }) => lineStarts[p.line]! + p.character;
  const edits: Array<{ start: number; end: number; text: string }> = [];
  for (const instruction of DockerfileParser.parse(dockerfile).getInstructions()) {
    if (instruction.getKeyword() !== 'RUN') continue;
    for (const { flag, options, type } of runMounts(instruction)) {
      // One that cannot be read might be a cache mount: never let it through unscoped.
      if (!options) throw new UnscopableMountError(`cannot scope the mount ${flag.toString()} to the learner`);
      if (type !== 'cache') continue;
      const scoped = new Map(options);
      scoped.set('id', prefix + (options.get('id') ?? options.get('target') ?? options.get('dst') ?? options.get('destination') ?? ''));
      const range = flag.getValueRange()!;
      edits.push({ start: offset(range.start), end: offset(range.end), text: formatMountOptions(scoped) });
    }
  }
  let text = dockerfile;
  for (const edit of edits.sort((a, b) => b.start - a.start)) text = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
  return { text, scoped: edits.length };
}

/** The Dockerfile BuildKit builds for this learner. */
export function rewriteDockerfile(dockerfile: string, learner: string): DockerfileRewrite {
  const directive = dropSyntaxDirective(dockerfile);
  const { text, scoped } = scopeCacheMounts(directive.text, learner);
  return { text, scopedCacheMounts: scoped, ...(directive.droppedSyntax !== undefined && { droppedSyntax: directive.droppedSyntax }) };
}
