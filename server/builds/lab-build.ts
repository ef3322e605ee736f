// One build of a learner's files for a lab on one engine: context, the Dockerfile as the
// sandbox builds it (dockerfile-rewrite.ts), BuildKit, and the image's size. The image is kept
// for the checkpoints; the caller removes it.
import type Docker from 'dockerode';
import type { Config } from '../config.ts';
import { bounded, callSignal } from '../engine/engine-call.ts';
import type { Lab } from '../labs/lab-registry.ts';
import { packContext, planContext } from './build-context.ts';
import { runBuild, type BuildEvent } from '../engine/run-build.ts';
import { rewriteDockerfile, type DockerfileRewrite } from './dockerfile-rewrite.ts';
import { killedStepNote } from './killed-step.ts';
import { NetworkFailureWatch, noInternetNote } from './network-failure.ts';

export interface LabBuildRequest {
  lab: Lab;
  buildId: string;
  /** Whose build this is: what one learner's build may share with no other (cache mounts). */
  learner: string;
  /** Extra labels on the image (the janitor finds an orphaned build's leftovers by them). */
  labels?: Record<string, string>;
  /** Dockerfile plus any other learner files (.dockerignore). */
  files: Readonly<Record<string, string>> & { Dockerfile: string };
  signal: AbortSignal;
  /** Build only up to this named stage (--target); the image is that stage's. */
  target?: string;
  /** The Dockerfile as the sandbox builds it, when already made (off the event loop, lint-thread.ts). */
  rewrite?: DockerfileRewrite;
}

export type LabBuildEvent = BuildEvent | { type: 'note'; text: string };

export type LabBuildOutcome =
  | { outcome: 'success'; imageId: string; imageSize: number }
  | { outcome: 'failed'; message: string; step: string | undefined }
  | { outcome: 'cancelled' | 'timeout' };

type Settings = Pick<Config, 'limits' | 'sandbox' | 'infra'>;

/** Throws ContextTooLargeError when the context is over its limit, before anything is packed. */
export function checkContextSize(request: Pick<LabBuildRequest, 'lab' | 'files'>, settings: Settings): void {
  planContext(request.lab.contextFiles, request.files, settings.limits.contextBytes);
}

function prepareLabBuild(request: LabBuildRequest, settings: Settings) {
  const dockerfile = request.rewrite ?? rewriteDockerfile(request.files.Dockerfile, request.learner);
  const context = packContext(request.lab.contextFiles, { ...request.files, Dockerfile: dockerfile.text }, settings.limits.contextBytes, settings.sandbox.contextOwner);
  return { context, droppedSyntax: dockerfile.droppedSyntax };
}

export async function runLabBuild(
  docker: Docker,
  request: LabBuildRequest,
  settings: Settings,
  emit: (event: LabBuildEvent) => void,
): Promise<LabBuildOutcome> {
  const { context, droppedSyntax } = prepareLabBuild(request, settings);
  if (droppedSyntax) {
    emit({ type: 'note', text: `note: "# syntax=${droppedSyntax}" ignored; no registry is reachable to fetch that frontend, so the engine's built-in one is used\n` });
  }
  const network = new NetworkFailureWatch();
  const noInternet = () => emit({ type: 'note', text: noInternetNote(settings.sandbox.registryHost, settings.sandbox.registryPort) });
  const outcome = await runBuild(
    docker,
    {
      context: context.stream,
      tag: `mslab-build/${request.buildId}`,
      extraHosts: [`${settings.sandbox.registryHost}:${settings.infra.gateway}`],
      labels: { ...request.labels, 'lab.multistage.lab': request.lab.id, 'lab.multistage.build': request.buildId },
      timeoutMs: settings.limits.buildSeconds * 1000,
      maxLogBytes: settings.limits.logBytes,
      signal: request.signal,
      ...(request.target !== undefined && { target: request.target }),
    },
    (event) => {
      emit(event);
      if (event.type === 'log' && network.sees(event.text)) noInternet();
    },
  );
  if (outcome.outcome === 'failed') {
    if (network.sees(outcome.message)) noInternet();
    const killed = killedStepNote(outcome.message, `${Math.round(settings.infra.stepMemoryBytes / 1024 ** 2)} MB`);
    if (killed) emit({ type: 'note', text: killed });
  }
  if (outcome.outcome !== 'success') return outcome;
  // Image inspect takes no abort signal in dockerode: the wait for it is bounded instead.
  const { Size } = await bounded(docker.getImage(outcome.imageId).inspect(), callSignal(request.signal));
  return { outcome: 'success', imageId: outcome.imageId, imageSize: Size };
}

/** Removes a build's image on its own deadline: a cancelled build still cleans up. */
export async function removeImage(docker: Docker, imageId: string): Promise<void> {
  await docker.getImage(imageId).remove({ force: true, abortSignal: callSignal() } as object).catch(() => undefined);
}
