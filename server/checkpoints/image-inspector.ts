// The image inspector: facts about a built image read from the sandbox engine. Image config
// comes from `inspect`; file checks stat paths in a created (never started) container; HTTP
// and binary checks run the image sandboxed.
import type Docker from 'dockerode';
import type { HttpProbe, HttpProbeResult, ImageFacts, RunResult } from './image-facts.ts';
import { CHECK_LABEL, containerOutput, hardenedHostConfig, removeQuietly, startError } from './sandboxed-run.ts';

/** The HTTP probe runs in this image (busybox nc), sharing only the app container's loopback. */
export const PROBE_IMAGE = 'alpine:3';

export interface InspectedImage extends ImageFacts {
  dispose(): Promise<void>;
}

function probeScript(probe: HttpProbe): string {
  const seconds = Math.ceil(probe.timeoutMs / 1000);
  const request = `GET ${probe.path} HTTP/1.0\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n`;
  return [
    `end=$(( $(date +%s) + ${seconds} ))`,
    'while [ "$(date +%s)" -lt "$end" ]; do',
    `  out=$(printf '${request}' | nc -w 3 127.0.0.1 ${probe.port} 2>/dev/null)`,
    '  if [ -n "$out" ]; then printf "%s" "$out"; exit 0; fi',
    '  usleep 200000',
    'done',
    'exit 1',
  ].join('\n');
}

export function parseHttpResponse(raw: string): { status: number; body: string } | undefined {
  const match = /^HTTP\/\d(?:\.\d)?\s+(\d{3})/.exec(raw.replace(/^\s+/, ''));
  if (!match) return undefined;
  const split = raw.search(/\r?\n\r?\n/);
  return { status: Number(match[1]), body: split >= 0 ? raw.slice(split).replace(/^\s+/, '') : '' };
}

export async function inspectImage(docker: Docker, imageId: string, buildId: string): Promise<InspectedImage> {
  const info = await docker.getImage(imageId).inspect();
  const labels = { [CHECK_LABEL]: buildId };
  let statContainer: Promise<Docker.Container> | undefined;

  const create = (options: Docker.ContainerCreateOptions) =>
    docker.createContainer({ Labels: labels, Tty: false, ...options, HostConfig: { ...hardenedHostConfig, ...options.HostConfig } });

  const pathExists = async (path: string): Promise<boolean> => {
    // One created container serves every path check of this image; it never runs.
    statContainer ??= create({ Image: imageId, Entrypoint: ['/nonexistent'], Cmd: [] });
    try {
      await (await statContainer).infoArchive({ path });
      return true;
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return false;
      throw error;
    }
  };

  const probeHttp = async (probe: HttpProbe): Promise<HttpProbeResult> => {
    let app: Docker.Container | undefined;
    let prober: Docker.Container | undefined;
    try {
      app = await create({ Image: imageId });
      try {
        await app.start();
      } catch (error) {
        return { answered: false, reason: `the container does not start: ${startError(error)}`, logs: '' };
      }
      prober = await create({ Image: PROBE_IMAGE, Entrypoint: ['sh', '-c', probeScript(probe)], Cmd: [], HostConfig: { NetworkMode: `container:${app.id}` } });
      // Joining fails when the app has already exited: that is the answer, not an error.
      const probed = await prober.start().then(
        () => true,
        () => false,
      );
      if (probed) {
        // The probe ends when it gets an answer or gives up; an app that exits meanwhile ends it early.
        const probeDone = prober.wait() as Promise<unknown>;
        const appExited = app.wait() as Promise<unknown>;
        await Promise.race([probeDone, appExited]);
        // Whichever came first, an answer the probe already printed counts.
        const response = parseHttpResponse(await containerOutput(prober));
        if (response) return { answered: true, ...response };
      }
      const state = (await app.inspect()).State;
      const logs = (await containerOutput(app)).trim().slice(-600);
      const reason = state.Running
        ? `nothing answered on port ${probe.port} within ${Math.round(probe.timeoutMs / 1000)} s`
        : `the container exited with code ${state.ExitCode}`;
      return { answered: false, reason, logs };
    } finally {
      await Promise.all([removeQuietly(prober), removeQuietly(app)]);
    }
  };

  const runBinary = async (path: string, args: readonly string[], timeoutMs: number): Promise<RunResult> => {
    let container: Docker.Container | undefined;
    try {
      container = await create({ Image: imageId, Entrypoint: [path], Cmd: [...args] });
      try {
        await container.start();
      } catch (error) {
        return { started: false, error: startError(error) };
      }
      const exited = container.wait() as Promise<{ StatusCode: number }>;
      const timer = new Promise<undefined>((resolve) => setTimeout(resolve, timeoutMs, undefined));
      const result = await Promise.race([exited, timer]);
      const output = await containerOutput(container);
      if (!result) return { started: true, exitCode: -1, output, timedOut: true };
      return { started: true, exitCode: result.StatusCode, output, timedOut: false };
    } finally {
      await removeQuietly(container);
    }
  };

  return {
    size: info.Size,
    user: info.Config.User ?? '',
    workingDir: info.Config.WorkingDir ?? '',
    pathExists,
    probeHttp,
    runBinary,
    dispose: async () => {
      if (statContainer) await removeQuietly(await statContainer.catch(() => undefined));
    },
  };
}
