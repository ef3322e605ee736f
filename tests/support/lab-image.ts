// Builds a lab's context with a given Dockerfile straight on the sandbox engine and keeps the
// image until the caller removes it: for tests and benchmarks that look at a built image
// after the build (the build service removes its images when its checks end). The image
// carries its own label, not the build label: the janitor of a server running meanwhile
// removes build images whose layers are older than a build can last, and cached layers are.
import type Docker from 'dockerode';
import { config } from '../../server/config.ts';
import { packContext } from '../../server/builds/build-context.ts';
import { callSignal } from '../../server/engine/engine-call.ts';
import { dockerFor } from '../../server/engine/engine-pool.ts';
import { runBuild } from '../../server/engine/run-build.ts';
import { labCatalog } from '../../server/labs/lab-catalog.ts';
import type { TraceStep } from '../../shared/image-analysis/stage-graph.ts';

export interface LabImage {
  docker: Docker;
  imageId: string;
  imageSize: number;
  /** The build's steps, last status of each. */
  steps: TraceStep[];
  remove(): Promise<void>;
}

export const sandboxDocker = () => dockerFor(config.sandbox.endpoints[0]!);

export async function buildLabImage(labId: string, dockerfile: string, options: { target?: string; files?: Record<string, string> } = {}): Promise<LabImage> {
  const lab = (await labCatalog()).get(labId);
  if (!lab) throw new Error(`no lab ${labId}`);
  const docker = sandboxDocker();
  const context = packContext(lab.contextFiles, { ...options.files, Dockerfile: dockerfile }, config.limits.contextBytes, config.sandbox.contextOwner);
  const steps = new Map<string, TraceStep>();
  const outcome = await runBuild(
    docker,
    {
      context: context.stream,
      tag: `mslab-test/${Date.now()}-${Math.random().toString(36).slice(2, 8)}`,
      extraHosts: [`${config.sandbox.registryHost}:${config.infra.gateway}`],
      labels: { 'lab.multistage.test': 'lab-image' },
      timeoutMs: config.limits.buildSeconds * 1000,
      maxLogBytes: config.limits.logBytes,
      signal: AbortSignal.timeout(config.limits.buildSeconds * 1000),
      ...(options.target !== undefined && { target: options.target }),
    },
    (event) => {
      if (event.type === 'step') steps.set(event.id, { id: event.id, name: event.name, status: event.status });
    },
  );
  if (outcome.outcome !== 'success') throw new Error(`the test image did not build: ${JSON.stringify(outcome)}`);
  const { Size } = await docker.getImage(outcome.imageId).inspect();
  return {
    docker,
    imageId: outcome.imageId,
    imageSize: Size,
    steps: [...steps.values()],
    remove: async () => {
      await docker.getImage(outcome.imageId).remove({ force: true, abortSignal: callSignal() } as object).catch(() => undefined);
    },
  };
}
