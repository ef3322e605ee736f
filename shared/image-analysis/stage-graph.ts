// The Dockerfile's stages as a graph (base of each, FROM <stage>, COPY --from and
// RUN --mount=from edges, the stage that becomes the image) and what BuildKit did with each in
// one build, read from its step names ("[builder 2/4] RUN npm ci"). Pure: the page can draw
// the graph of the text in the editor before any build; the server adds a build's steps.
import type { Instruction } from 'dockerfile-ast';
import { copies, copyFrom, modelOf, type DockerfileModel } from '../lint/dockerfile-model.ts';
import { runMounts } from '../run-mounts.ts';
import type { Stage, StageEdge, StageGraph } from './schema.ts';

/** A step as the build's `step` messages report it (the last status of each step id). */
export interface TraceStep {
  id: string;
  name: string;
  status: 'running' | 'done' | 'cached' | 'error';
}

export interface StepName {
  /** The stage as BuildKit names it: its name, "stage-N", or "" in a one-stage Dockerfile. */
  label: string;
  /** 1 is the stage's FROM; then its RUN, COPY, ADD and WORKDIR instructions in order. */
  number: number;
  total: number;
  /** "RUN npm ci" */
  text: string;
}

const STEP = /^\[(?:(\S+) +)? *(\d+)\/(\d+)\] (.*)$/s;

/** Reads "[builder 2/4] RUN npm ci"; undefined for BuildKit's own steps ("[internal] load ..."). */
export function parseStepName(name: string): StepName | undefined {
  const match = STEP.exec(name);
  if (!match) return undefined;
  return { label: match[1] ?? '', number: Number(match[2]), total: Number(match[3]), text: match[4]! };
}

/** The instructions BuildKit numbers as steps: the ones that change files. */
const STEP_KEYWORDS = new Set(['RUN', 'COPY', 'ADD', 'WORKDIR']);

export const stageLabel = (model: DockerfileModel, index: number) => (model.stages.length === 1 ? '' : (model.stages[index]!.name ?? `stage-${index}`));

/**
 * Each stage's steps in BuildKit's numbering: [FROM, then RUN/COPY/ADD/WORKDIR]. A stage on
 * another stage (`FROM deps AS test`) or on scratch has no FROM step: its first RUN is 1/n.
 */
export function stageSteps(model: DockerfileModel, index: number): Instruction[] {
  const stage = model.stages[index]!;
  const own = stage.instructions.filter((i) => STEP_KEYWORDS.has(i.getKeyword()));
  return stage.parent === undefined && stage.image !== 'scratch' ? [stage.from, ...own] : own;
}

export interface TraceOfStages {
  /** Per stage: steps reported and how many came from the cache, in all and after its FROM. */
  perStage: Array<{ steps: number; cached: number; afterFrom: number; cachedAfterFrom: number }>;
  /** Per instruction (by its 1-based line): whether its step came from the cache. */
  cachedByLine: Map<number, boolean>;
}

/**
 * Matches a build's steps to the Dockerfile's instructions. A step whose stage is unknown, or
 * whose text does not start with the instruction's keyword, is ignored: BuildKit names a step
 * shared by two builds at once (the same FROM) after whichever build asked first.
 */
export function traceOfStages(model: DockerfileModel, steps: readonly TraceStep[]): TraceOfStages {
  const byLabel = new Map(model.stages.map((s) => [stageLabel(model, s.index), s.index]));
  const perStage = model.stages.map(() => ({ steps: 0, cached: 0, afterFrom: 0, cachedAfterFrom: 0 }));
  const cachedByLine = new Map<number, boolean>();
  const latest = new Map<string, TraceStep>();
  for (const step of steps) latest.set(step.id, step);
  for (const step of latest.values()) {
    const parsed = parseStepName(step.name);
    const stage = parsed && byLabel.get(parsed.label);
    if (parsed === undefined || stage === undefined) continue;
    const instruction = stageSteps(model, stage)[parsed.number - 1];
    if (!instruction || !parsed.text.toUpperCase().startsWith(`${instruction.getKeyword()} `)) continue;
    const counts = perStage[stage]!;
    const cached = step.status === 'cached';
    counts.steps += 1;
    counts.cached += Number(cached);
    if (instruction.getKeyword() !== 'FROM') {
      counts.afterFrom += 1;
      counts.cachedAfterFrom += Number(cached);
    }
    cachedByLine.set(instruction.getRange().start.line + 1, step.status === 'cached');
  }
  return { perStage, cachedByLine };
}

function edgesOf(model: DockerfileModel): StageEdge[] {
  const edges: StageEdge[] = [];
  const lineOf = (i: Instruction) => i.getRange().start.line + 1;
  for (const stage of model.stages) {
    if (stage.parent !== undefined) edges.push({ from: stage.parent, to: stage.index, kind: 'from', line: lineOf(stage.from) });
    for (const copy of copies(stage)) {
      const source = model.stageIndex(copyFrom(copy)?.getValue() ?? '');
      if (source !== undefined && source < stage.index) edges.push({ from: source, to: stage.index, kind: 'copy', line: lineOf(copy) });
    }
    for (const run of stage.instructions.filter((i) => i.getKeyword() === 'RUN')) {
      for (const mount of runMounts(run)) {
        const source = model.stageIndex(mount.options?.get('from') ?? '');
        if (source !== undefined && source < stage.index) edges.push({ from: source, to: stage.index, kind: 'mount', line: lineOf(run) });
      }
    }
  }
  return edges;
}

/** The stage --target names (names compare lowercased, as BuildKit does); undefined when none does. */
export function targetStage(model: DockerfileModel, target: string): number | undefined {
  const index = model.stages.findIndex((s) => s.name === target.toLowerCase());
  return index < 0 ? undefined : index;
}

/**
 * The graph of a Dockerfile; with a build's steps, what BuildKit did with each stage. Undefined
 * for a text with no FROM.
 */
export function stageGraph(dockerfile: string, options: { target?: string; steps?: readonly TraceStep[] } = {}): StageGraph | undefined {
  const model = modelOf(dockerfile);
  if (!model) return undefined;
  const edges = edgesOf(model);
  const final = (options.target !== undefined ? targetStage(model, options.target) : undefined) ?? model.stages.length - 1;
  const needed = new Set<number>([final]);
  for (let index = final; index >= 0; index--) {
    if (!needed.has(index)) continue;
    for (const edge of edges) if (edge.to === index) needed.add(edge.from);
  }
  const trace = traceOfStages(model, options.steps ?? []);
  const stages: Stage[] = model.stages.map((stage) => {
    const { steps, cached, afterFrom, cachedAfterFrom } = trace.perStage[stage.index]!;
    // A FROM of a local image reports "done" even when nothing ran: the steps after it decide.
    const status = steps === 0 ? 'skipped' : (afterFrom === 0 ? cached === steps : cachedAfterFrom === afterFrom) ? 'cached' : 'built';
    return {
      index: stage.index,
      ...(stage.name !== undefined && { name: stage.name }),
      label: stageLabel(model, stage.index),
      base: stage.written?.image ?? '',
      ...(stage.parent !== undefined && { baseStage: stage.parent }),
      line: stage.from.getRange().start.line + 1,
      needed: needed.has(stage.index),
      status,
      steps,
      cachedSteps: cached,
    };
  });
  return { stages, edges, final, ...(options.target !== undefined && { target: options.target }) };
}

/** Why a build cannot stop at `target` in this Dockerfile (for the learner); undefined when it can. */
export function targetProblem(dockerfile: string, target: string): string | undefined {
  const model = modelOf(dockerfile);
  if (model && targetStage(model, target) !== undefined) return undefined;
  const names = model?.stages.flatMap((s) => (s.name === undefined ? [] : [s.name])) ?? [];
  return names.length > 0
    ? `target: no stage is named "${target}"; the stages with a name are ${names.join(', ')}`
    : 'target: the Dockerfile names no stage (FROM image AS name) to stop at';
}
