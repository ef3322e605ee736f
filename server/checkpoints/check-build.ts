// After a build: the verdict on every checkpoint of the steps that check this editor file.
// Runs while the image still exists, before the build's clean-up removes it.
import type Docker from 'dockerode';
import type { Lab } from '../labs/lab-registry.ts';
import type { Verdict } from '../../shared/checkpoint-schema.ts';
import type { LintDiagnostic } from '../../shared/lint/lint-types.ts';
import { dockerfileFacts } from '../../shared/dockerfile-facts.ts';
import type { ImageAnalysis } from '../../shared/image-analysis/schema.ts';
import type { TraceStep } from '../../shared/image-analysis/stage-graph.ts';
import { TreeLookup } from '../../shared/image-analysis/tree.ts';
import { evaluate, type BuildFacts } from './evaluate.ts';
import { inspectImage } from './image-inspector.ts';

export interface StepVerdicts {
  step: string;
  checkpoints: Verdict[];
}

export interface CheckRequest {
  lab: Lab;
  /** The editor file that was built. */
  file: string;
  /** The learner's files sent with the build (Dockerfile text is under `file`'s content). */
  dockerfile: string;
  files: Readonly<Record<string, string>>;
  buildId: string;
  outcome: { ok: true; imageId: string } | { ok: false; failure: string };
  otherSizes: Readonly<Record<string, number>>;
  /** The Dockerfile's lint findings, when already known. */
  lint?: readonly LintDiagnostic[];
  /** Labels for the containers the checks start (the janitor finds leftovers by them). */
  labels?: Record<string, string>;
  /** What the image analysis found, when it finished: path checks and waste are answered from it. */
  analysis?: ImageAnalysis;
  /** The stage the build stopped at (--target): checks of the final image are skipped. */
  target?: string;
  /** The build's steps as BuildKit reported them (stage-skipped reads which stages ran). */
  steps?: readonly TraceStep[];
}

/** The verdicts to store: a skipped one must not replace the last real verdict. */
export const storedVerdicts = (steps: readonly StepVerdicts[]): StepVerdicts[] =>
  steps.map((s) => ({ ...s, checkpoints: s.checkpoints.filter((c) => c.status !== 'skipped') })).filter((s) => s.checkpoints.length > 0);

export interface CheckOutcome {
  /** Every verdict that could be had, in step order. */
  steps: StepVerdicts[];
  /** How long reading the image took, and each checkpoint by `step/checkpoint` (labs:verify prints them). */
  timings?: { imageMs: number; checkpointMs: Record<string, number> };
  /** Why the checks stopped early: the signal's reason, or the engine's error. */
  error?: unknown;
}

/**
 * Checks one checkpoint after another until done or `signal` aborts (cancel, deadline). Never
 * throws: what was verdicted before a failure is returned with the failure.
 */
export async function checkBuild(docker: Docker, request: CheckRequest, signal: AbortSignal): Promise<CheckOutcome> {
  const steps = request.lab.definition.steps.filter((s) => s.file === request.file);
  const results: StepVerdicts[] = [];
  const timings = { imageMs: 0, checkpointMs: {} as Record<string, number> };
  if (steps.length === 0) return { steps: results, timings };
  let image: Awaited<ReturnType<typeof inspectImage>> | undefined;
  try {
    const imageStarted = performance.now();
    // The analysis's tree answers path checks without a container (about 40 ms each saved).
    const paths = request.analysis && new TreeLookup(request.analysis.tree);
    // A build that stopped at a --target stage has its image checks skipped: no need to look at it.
    if (request.outcome.ok && request.target === undefined) image = await inspectImage(docker, request.outcome.imageId, request.buildId, signal, request.labels, paths && ((path) => paths.exists(path)));
    timings.imageMs = performance.now() - imageStarted;
    const facts: BuildFacts = {
      ok: request.outcome.ok,
      dockerfileText: request.dockerfile,
      ...(request.lint && { lint: request.lint }),
      ...(!request.outcome.ok && { failure: request.outcome.failure }),
      dockerfile: dockerfileFacts(request.dockerfile),
      ...(image && { image }),
      otherSizes: request.otherSizes,
      files: request.files,
      // Looked up when a checkpoint asks (package.json), not decoded wholesale on every build.
      contextFile: (name) => request.lab.contextFiles.find((f) => f.name === name)?.content.toString('utf8'),
      ...(request.target !== undefined && { target: request.target }),
      ...(request.analysis && { waste: request.analysis.waste }),
      ...(request.steps && { steps: request.steps }),
    };
    for (const step of steps) {
      const checkpoints: Verdict[] = [];
      results.push({ step: step.id, checkpoints });
      // One at a time: runtime checks start containers, and a sandbox is shared.
      for (const checkpoint of step.checkpoints) {
        signal.throwIfAborted();
        const started = performance.now();
        checkpoints.push(await evaluate(checkpoint, facts));
        timings.checkpointMs[`${step.id}/${checkpoint.id}`] = performance.now() - started;
      }
    }
    return { steps: results, timings };
  } catch (error) {
    return { steps: results.filter((s) => s.checkpoints.length > 0), timings, error: signal.aborted ? signal.reason : error };
  } finally {
    await image?.dispose();
  }
}
