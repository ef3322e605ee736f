// Applies LSP-style edits (0-based line and character) to plain text: the quick fixes of
// the plain editor, which has no Monaco model to apply them.
import type { LintFix } from '../../../shared/lint/lint-types.ts';

type Position = LintFix['edits'][number]['range']['start'];

/** Offset of a 0-based line/character in `text`, clamped to the text. */
export function offsetAt(text: string, position: Position): number {
  let offset = 0;
  for (let line = 0; line < position.line; line++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  const lineEnd = text.indexOf('\n', offset);
  return Math.min(offset + position.character, lineEnd < 0 ? text.length : lineEnd);
}

export function applyEdits(text: string, edits: LintFix['edits']): string {
  // From the end, so earlier offsets stay valid.
  const ranges = edits.map((e) => ({ from: offsetAt(text, e.range.start), to: offsetAt(text, e.range.end), text: e.text })).sort((a, b) => b.from - a.from);
  return ranges.reduce((out, e) => out.slice(0, e.from) + e.text + out.slice(e.to), text);
}
