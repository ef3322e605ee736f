import type { LintRange } from '../lint-types.ts';
import { defineRule, SANDBOX_LESSON } from '../rule.ts';

/**
 * Words (runs of non-space) a Dockerfile may have for the rules to read it. The parser
 * (dockerfile-ast) costs about 1-5 µs per word and per instruction, so 64 KiB of one-letter
 * words takes it 60 ms and more; the server lints on its request path and must stay under
 * 50 ms for any input. A lesson's Dockerfile has a few hundred words.
 */
export const MAX_WORDS = 4000;

/** Counts words, stopping once past limit: the count itself must stay cheap. */
export function countWords(text: string, limit: number): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length && words <= limit; i++) {
    const code = text.charCodeAt(i);
    const space = code === 32 || (code >= 9 && code <= 13);
    if (!space && !inWord) words++;
    inWord = !space;
  }
  return words;
}

/** Read before anything is parsed: past MAX_WORDS, this is the only finding. */
export default defineRule({
  id: 'too-many-words',
  severity: 'error',
  docs: SANDBOX_LESSON,
  // Unread, it could hold anything the other rules refuse.
  blocksBuild: true,
  *check(source: string) {
    if (countWords(source, MAX_WORDS) > MAX_WORDS) yield { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
  },
  message: (_match: { range: LintRange }) =>
    `This Dockerfile has more than ${MAX_WORDS} words, more than the course's checks read (a lesson's Dockerfile has a few hundred). Shorten it to build it here.`,
});
