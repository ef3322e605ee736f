// After a build: the verdict on every checkpoint of the steps that check this editor file.
// Runs while the image still exists, before the build's clean-up removes it.
import type Docker from 'dockerode';
import type { Lab } from '../labs/lab-registry.ts';
import type { Verdict } from '../../shared/checkpoint-schema.ts';
import { dockerfileFacts } from '../../shared/dockerfile-facts.ts';
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
}

export async function checkBuild(docker: Docker, request: CheckRequest): Promise<StepVerdicts[]> {
  const steps = request.lab.definition.steps.filter((s) => s.file === request.file);
  if (steps.length === 0) return [];
  const image = request.outcome.ok ? await inspectImage(docker, request.outcome.imageId, request.buildId) : undefined;
  const facts: BuildFacts = {
    ok: request.outcome.ok,
    dockerfileText: request.dockerfile,
    ...(!request.outcome.ok && { failure: request.outcome.failure }),
    dockerfile: dockerfileFacts(request.dockerfile),
    ...(image && { image }),
    otherSizes: request.otherSizes,
    files: request.files,
    // Looked up when a checkpoint asks (package.json), not decoded wholesale on every build.
    contextFile: (name) => request.lab.contextFiles.find((f) => f.name === name)?.content.toString('utf8'),
  };
  try {
    const results: StepVerdicts[] = [];
    for (const step of steps) {
      const checkpoints: Verdict[] = [];
      // One at a time: runtime checks start containers, and a sandbox is shared.
      for (const checkpoint of step.checkpoints) checkpoints.push(await evaluate(checkpoint, facts));
      results.push({ step: step.id, checkpoints });
    }
    return results;
  } finally {
    await image?.dispose();
  }
}
