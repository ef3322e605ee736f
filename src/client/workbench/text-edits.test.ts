import { describe, expect, it } from 'vitest';
import { applyEdits, offsetAt } from './text-edits.ts';

const at = (line: number, character: number) => ({ line, character });

describe('text edits', () => {
  it('finds offsets by line and character', () => {
    expect(offsetAt('ab\ncd\n', at(1, 1))).toBe(4);
    expect(offsetAt('ab\ncd', at(1, 99))).toBe(5);
    expect(offsetAt('ab', at(5, 0))).toBe(2);
  });
  it('applies several edits as one', () => {
    const text = 'FROM node:18 AS builder\nCOPY --from=bulid /a /b\nCMD node s.js\n';
    const out = applyEdits(text, [
      { range: { start: at(1, 12), end: at(1, 17) }, text: 'builder' },
      { range: { start: at(2, 4), end: at(2, 13) }, text: '["node", "s.js"]' },
    ]);
    expect(out).toBe('FROM node:18 AS builder\nCOPY --from=builder /a /b\nCMD ["node", "s.js"]\n');
  });
});
