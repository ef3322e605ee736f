import { describe, expect, it } from 'vitest';
import { count } from './count.ts';

describe('count', () => {
  it('says one in the singular and any other number in the plural', () => {
    const words = { one: '1 build', many: '{n} builds' };
    expect([0, 1, 2].map((n) => count(words, n))).toEqual(['0 builds', '1 build', '2 builds']);
  });
});
