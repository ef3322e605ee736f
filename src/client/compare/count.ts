// "1 build", "3 builds": a count in words from a pair of strings.ts templates.
import { fill } from '../format.ts';

export const count = (words: { one: string; many: string }, n: number): string => (n === 1 ? words.one : fill(words.many, { n }));
