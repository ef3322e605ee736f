// Ties each entry of an image's history to the Dockerfile line it comes from. The image's
// history is its base image's, then one entry per instruction (FROM excepted) of every stage
// from the root of the built stage's FROM chain down to it. Matched from the end, keyword by
// keyword: whatever is left above the first mismatch belongs to the base image.
import type { Instruction } from 'dockerfile-ast';
import type { DockerfileModel } from '../../shared/lint/dockerfile-model.ts';

export interface HistoryLine {
  stage: number;
  line: number;
  endLine: number;
  text: string;
  cached?: boolean;
}

const MAX_TEXT = 200;

/** "RUN /bin/sh -c npm ci # buildkit" -> "RUN"; "" for an imported base. */
export const keywordOf = (createdBy: string) => /^\s*([A-Za-z]+)/.exec(createdBy)?.[1]?.toUpperCase() ?? '';

function textOf(instruction: Instruction): string {
  const text = instruction
    .getTextContent()
    .replace(/\\\r?\n/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length <= MAX_TEXT ? text : `${text.slice(0, MAX_TEXT - 1)}…`;
}

/**
 * For each history entry (oldest first), the instruction it comes from, or undefined for the
 * base image's entries.
 */
export function historyLines(model: DockerfileModel, final: number, createdBy: readonly string[], cachedByLine: ReadonlyMap<number, boolean>): Array<HistoryLine | undefined> {
  const chain: number[] = [];
  for (let stage: number | undefined = final; stage !== undefined; stage = model.stages[stage]!.parent) chain.unshift(stage);
  const instructions = chain.flatMap((stage) => model.stages[stage]!.instructions.map((instruction) => ({ stage, instruction })));
  const lines: Array<HistoryLine | undefined> = createdBy.map(() => undefined);
  let entry = createdBy.length - 1;
  for (let i = instructions.length - 1; i >= 0 && entry >= 0; i--) {
    const { stage, instruction } = instructions[i]!;
    const keyword = instruction.getKeyword();
    if (keywordOf(createdBy[entry]!) !== keyword) {
      // Engines differ on whether an ARG inside a stage leaves an entry; anything else ends the match.
      if (keyword === 'ARG') continue;
      break;
    }
    const range = instruction.getRange();
    const line = range.start.line + 1;
    const cached = cachedByLine.get(line);
    lines[entry] = { stage, line, endLine: range.end.line + 1, text: textOf(instruction), ...(cached !== undefined && { cached }) };
    entry -= 1;
  }
  return lines;
}
