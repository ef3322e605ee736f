// The Dockerfile as the rules see it: stages with their instructions, the image each really
// starts from, which stages the final image needs. Built once per lint in linear time (maps,
// one pass), so a 64 KiB file of thousands of stages costs milliseconds, not seconds.
import { Arg, Copy, DockerfileParser, type Argument, type Flag, type From, type Instruction } from 'dockerfile-ast';
import { normalizeImage } from '../image-reference.ts';
import { newBudget, type Budget } from './closest-name.ts';
import type { LintRange } from './lint-types.ts';

export interface Stage {
  index: number;
  /** Lowercased, as BuildKit compares stage names. */
  name: string | undefined;
  from: From;
  /** Instructions after FROM, up to the next FROM. */
  instructions: Instruction[];
  /** The image argument as written (`node:${V}-alpine`), and where. */
  written: { image: string; range: LintRange } | undefined;
  /** The image, global ARG defaults filled in, lowercased. */
  image: string;
  /** The image it really starts from, through stage names; undefined for scratch. */
  base: string | undefined;
  /** The earlier stage it starts from, if any. */
  parent: number | undefined;
}

export interface DockerfileModel {
  readonly stages: readonly Stage[];
  readonly final: Stage;
  /** Every stage name, in order; the first namedBefore(i) of them come before stage i. */
  readonly names: readonly string[];
  namedBefore(index: number): number;
  /** The stage a --from value names, by name or number; undefined for an image or unknown. */
  stageIndex(value: string): number | undefined;
  /** The stages the final image needs: itself, its FROM parent and COPY --from sources, recursively. */
  readonly used: ReadonlySet<number>;
  /** `$NAME` and `${NAME}` filled in from the ARG defaults before the first FROM. */
  expand(text: string): string;
  /** What is left of this lint's CPU budget for suggestions. */
  readonly budget: Budget;
}

// dockerfile-ast parses an instruction's arguments again on every call (and getImage,
// getBuildStage, getRawArgumentsContent... each call it): the rules read them through these
// memos, once per instruction.
const argumentMemo = new WeakMap<Instruction, Argument[]>();
const textMemo = new WeakMap<Instruction, string>();

/** Arguments after the flags. */
export function args(i: Instruction): Argument[] {
  let found = argumentMemo.get(i);
  if (!found) argumentMemo.set(i, (found = i.getArguments()));
  return found;
}

/** The arguments as written, flags included. */
export function argumentsText(i: Instruction): string {
  let found = textMemo.get(i);
  if (found === undefined) textMemo.set(i, (found = i.getRawArgumentsContent() ?? ''));
  return found;
}

/** From the first argument (after the flags) to the last. */
export function argumentsRange(i: Instruction): LintRange | undefined {
  const all = args(i);
  return all.length > 0 ? { start: all[0]!.getRange().start, end: all.at(-1)!.getRange().end } : undefined;
}

export const copyFrom = (copy: Copy): Flag | undefined => copy.getFlags().find((f) => f.getName().toLowerCase() === 'from');
export const copies = (stage: Stage): Copy[] => stage.instructions.filter((i): i is Copy => i instanceof Copy);
export const runs = (stage: Stage): Instruction[] => stage.instructions.filter((i) => i.getKeyword() === 'RUN');
/** COPY/ADD source arguments (all but the destination), flags excluded. */
export const sources = (copy: Instruction): Argument[] =>
  args(copy)
    .slice(0, -1)
    .filter((a) => !a.getValue().startsWith('--'));

/** Looks like an image reference (`nginx:1.27`, `ghcr.io/x/y`) rather than a stage name. */
export const isImageRef = (value: string) => /[:/@.]/.test(value);

/** Shows at most max characters of learner text in a message. */
export const clip = (text: string, max = 48) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** Names for a message: the first few, then how many more. */
export const nameList = (names: readonly string[], count = names.length, max = 8) =>
  `${names.slice(0, Math.min(count, max)).map((n) => clip(n)).join(', ')}${count > max ? ` and ${count - max} more` : ''}`;

const VARIABLE = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::?([-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

function expander(globals: ReadonlyMap<string, string>) {
  return (text: string) =>
    text.includes('$')
      ? text.replace(VARIABLE, (_all, braced: string | undefined, operator: string | undefined, word: string | undefined, bare: string | undefined) => {
          const value = globals.get((braced ?? bare)!) ?? '';
          if (operator === '-') return value || (word ?? '');
          if (operator === '+') return value ? (word ?? '') : '';
          return value;
        })
      : text;
}

/** The stages building `starts` needs: themselves, their FROM parents and COPY --from sources, recursively. */
export function neededBy(stages: readonly Stage[], stageIndex: DockerfileModel['stageIndex'], starts: readonly number[]): Set<number> {
  const needed = new Set<number>();
  const pending = [...starts];
  while (pending.length > 0) {
    const stage = stages[pending.pop()!]!;
    if (needed.has(stage.index)) continue;
    needed.add(stage.index);
    const needs = [stage.parent, ...copies(stage).map((c) => stageIndex(copyFrom(c)?.getValue() ?? ''))];
    for (const index of needs) if (index !== undefined && index < stage.index && !needed.has(index)) pending.push(index);
  }
  return needed;
}

export function modelOf(source: string): DockerfileModel | undefined {
  const instructions = DockerfileParser.parse(source).getInstructions();
  const globals = new Map<string, string>();
  const byName = new Map<string, number>();
  const stages: Stage[] = [];
  const names: string[] = [];
  const namedBefore: number[] = [];
  const expand = expander(globals); // reads globals as they are when it is called
  for (const instruction of instructions) {
    if (instruction.getKeyword() === 'FROM') {
      const from = instruction as From;
      const [first, as, stageName] = args(from);
      const written = first && { image: first.getValue(), range: first.getRange() };
      const image = expand(written?.image ?? '').toLowerCase();
      const parent = byName.get(image);
      const name = as?.getValue().toUpperCase() === 'AS' ? stageName?.getValue().toLowerCase() : undefined;
      const index = stages.length;
      namedBefore.push(names.length);
      if (name !== undefined) names.push(name);
      stages.push({
        index,
        name,
        from,
        instructions: [],
        written,
        image,
        base: parent !== undefined ? stages[parent]!.base : image === 'scratch' ? undefined : normalizeImage(image),
        parent,
      });
      if (name !== undefined && !byName.has(name)) byName.set(name, index);
    } else if (stages.length > 0) {
      stages.at(-1)!.instructions.push(instruction);
    } else if (instruction instanceof Arg) {
      for (const property of instruction.getProperties()) globals.set(property.getName(), property.getValue() ?? '');
    }
  }
  if (stages.length === 0) return undefined;

  const stageIndex = (value: string) => {
    if (/^\d+$/.test(value)) return Number(value) < stages.length ? Number(value) : undefined;
    return byName.get(value.toLowerCase());
  };
  const used = neededBy(stages, stageIndex, [stages.length - 1]);
  return { stages, final: stages.at(-1)!, names, namedBefore: (index) => namedBefore[index] ?? names.length, stageIndex, used, expand, budget: newBudget() };
}
