// .dockerignore as Docker reads it: patterns in order, `!` for exceptions, `*` `?` `[...]` and
// `**`, and a pattern that matches a folder takes what is inside it. Docker compiles each pattern
// to a regular expression in Go, whose engine runs in linear time; the same expression in
// JavaScript backtracks, and an 18-byte learner pattern (`((?+)+)+((?+)+)+Z`) held the server
// for seconds. So patterns are matched here by walking a small automaton over the path (pattern
// length x path length steps, whatever the pattern), and regex operators that Docker would let
// through by accident (`( ) + | { } ^` outside a class) are refused with a line number.
// No Node APIs: the editor runs this too.

export interface IgnoreProblem {
  /** 1-based line of .dockerignore. */
  line: number;
  message: string;
}

type Token =
  | { kind: 'char'; char: string }
  | { kind: 'one' } // ?
  | { kind: 'star' } // * : any run without "/"
  | { kind: 'dirs' } // **/ or ** inside: any run that ends with "/", or nothing
  | { kind: 'rest' } // ** at the end: anything
  | { kind: 'class'; negate: boolean; ranges: Array<[string, string]> };

interface Rule {
  tokens: Token[];
  /** The pattern's path segments ("**" among them), for matching a file's parent folders. */
  dirs: string[];
  negative: boolean;
}

/** Limits that keep one .dockerignore cheap to read whatever is in it. */
export const DOCKERIGNORE_LIMITS = { lines: 1000, patternLength: 512 } as const;

const REGEX_OPERATORS = new Set(['(', ')', '+', '|', '{', '}', '^']);

/** Go's filepath.Clean for slash paths: no empty, "." or ".." segments where they can go. */
export function cleanPath(path: string): string {
  const absolute = path.startsWith('/');
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && out.length > 0 && out.at(-1) !== '..') out.pop();
    else if (part !== '..' || !absolute) out.push(part);
  }
  const joined = out.join('/');
  return absolute ? `/${joined}` : joined || '.';
}

function parseClass(pattern: string, start: number): { token: Token; end: number } | undefined {
  let i = start + 1;
  const negate = pattern[i] === '^';
  if (negate) i++;
  const ranges: Array<[string, string]> = [];
  for (let first = true; i < pattern.length; first = false) {
    if (pattern[i] === ']' && !first) return { token: { kind: 'class', negate, ranges }, end: i };
    let low = pattern[i]!;
    if (low === '\\') low = pattern[++i] ?? '\\';
    i++;
    let high = low;
    if (pattern[i] === '-' && pattern[i + 1] !== undefined && pattern[i + 1] !== ']') {
      high = pattern[i + 1] === '\\' ? (pattern[i + 2] ?? '\\') : pattern[i + 1]!;
      i += pattern[i + 1] === '\\' ? 3 : 2;
      if (high < low) return undefined;
    }
    ranges.push([low, high]);
  }
  return undefined;
}

/** The pattern as tokens, or what is wrong with it. */
function tokenize(pattern: string): Token[] | string {
  const tokens: Token[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '*') {
      if (pattern[i + 1] === '*') {
        i++;
        if (pattern[i + 1] === '/') i++;
        tokens.push(i + 1 >= pattern.length ? { kind: 'rest' } : { kind: 'dirs' });
      } else if (tokens.at(-1)?.kind !== 'star') tokens.push({ kind: 'star' }); // ** is handled above; "* *" runs are one
    } else if (ch === '?') tokens.push({ kind: 'one' });
    else if (ch === '[') {
      const parsed = parseClass(pattern, i);
      if (!parsed) return `"${pattern}" has a [ with no valid closing ] (a range runs low to high, such as [a-z])`;
      tokens.push(parsed.token);
      i = parsed.end;
    } else if (ch === '\\') tokens.push({ kind: 'char', char: pattern[++i] ?? '\\' });
    else if (REGEX_OPERATORS.has(ch)) return `"${ch}" has no meaning in a .dockerignore pattern here: write patterns with * ? [...] and **`;
    else tokens.push({ kind: 'char', char: ch });
  }
  return tokens;
}

const inClass = (token: Extract<Token, { kind: 'class' }>, ch: string) => token.ranges.some(([low, high]) => ch >= low && ch <= high) !== token.negate;

/** Whether the whole path matches: a walk over the pattern's automaton, one step per character. */
function matches(tokens: readonly Token[], path: string): boolean {
  // State 2i: before token i; state 2i+1: inside a `dirs` token i. 2*tokens.length accepts.
  const end = 2 * tokens.length;
  const close = (states: Set<number>) => {
    const stack = [...states];
    while (stack.length > 0) {
      const state = stack.pop()!;
      if (state % 2 === 1 || state === end) continue;
      const token = tokens[state / 2]!;
      const add = (next: number) => {
        if (!states.has(next)) {
          states.add(next);
          stack.push(next);
        }
      };
      if (token.kind === 'star' || token.kind === 'rest') add(state + 2);
      if (token.kind === 'dirs') {
        add(state + 2);
        add(state + 1);
      }
    }
    return states;
  };
  let states = close(new Set([0]));
  for (const ch of path) {
    const next = new Set<number>();
    for (const state of states) {
      if (state === end) continue;
      const index = Math.floor(state / 2);
      const token = tokens[index]!;
      if (state % 2 === 1) {
        next.add(state); // inside **/: anything, and a "/" may end it
        if (ch === '/') next.add(2 * index + 2);
        continue;
      }
      if (token.kind === 'char' && token.char === ch) next.add(state + 2);
      else if (token.kind === 'one' && ch !== '/') next.add(state + 2);
      else if (token.kind === 'class' && inClass(token, ch)) next.add(state + 2);
      else if (token.kind === 'star' && ch !== '/') next.add(state);
      else if (token.kind === 'rest') next.add(state);
    }
    if (next.size === 0) return false;
    states = close(next);
  }
  return states.has(end);
}

export class Dockerignore {
  readonly problems: IgnoreProblem[] = [];
  private readonly rules: Rule[] = [];

  constructor(text: string) {
    const lines = text.split(/\r?\n/);
    if (lines.length > DOCKERIGNORE_LIMITS.lines) {
      this.problems.push({ line: DOCKERIGNORE_LIMITS.lines + 1, message: `a .dockerignore of more than ${DOCKERIGNORE_LIMITS.lines} lines is not a lesson exercise` });
      return;
    }
    lines.forEach((raw, index) => {
      const line = index + 1;
      if (raw.startsWith('#')) return;
      let pattern = raw.trim();
      if (pattern === '') return;
      if (pattern.length > DOCKERIGNORE_LIMITS.patternLength) {
        this.problems.push({ line, message: `a pattern longer than ${DOCKERIGNORE_LIMITS.patternLength} characters` });
        return;
      }
      const negative = pattern.startsWith('!');
      if (negative) pattern = pattern.slice(1).trim();
      pattern = cleanPath(pattern);
      if (pattern.length > 1 && pattern.startsWith('/')) pattern = pattern.slice(1);
      if (pattern === '' || (negative && pattern === '.')) return;
      const tokens = tokenize(pattern);
      if (typeof tokens === 'string') this.problems.push({ line, message: tokens });
      else this.rules.push({ tokens, dirs: pattern.split('/'), negative });
    });
  }

  /** True when Docker would leave this context path out of the build context. */
  ignores(file: string): boolean {
    const path = cleanPath(file);
    const slash = path.lastIndexOf('/');
    const parent = slash < 0 ? '.' : path.slice(0, slash);
    const parentDirs = parent.split('/');
    let ignored = false;
    for (const rule of this.rules) {
      let match = matches(rule.tokens, path);
      if (!match && parent !== '.') {
        if (rule.dirs.includes('**')) {
          // "**" may stand for any number of folders: try every depth of the parent path.
          for (let depth = rule.dirs.filter((d) => d !== '**').length; depth <= parentDirs.length && !match; depth++) {
            match = matches(rule.tokens, parentDirs.slice(0, depth).join('/'));
          }
        } else if (rule.dirs.length <= parentDirs.length) {
          match = matches(rule.tokens, parentDirs.slice(0, rule.dirs.length).join('/'));
        }
      }
      if (match) ignored = !rule.negative;
    }
    return ignored;
  }
}
