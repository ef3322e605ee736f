// The image inspector: facts about a built image read from the sandbox engine. Image config
// comes from `inspect`; file checks stat paths in a created (never started) container; HTTP
// and binary checks run the image sandboxed.
import type Docker from 'dockerode';
import { extract } from 'tar-stream';
import { bounded, callSignal, whenAborted } from '../engine/engine-call.ts';
import type { HttpProbe, HttpProbeResult, ImageFacts, PathOwner, RunResult } from './image-facts.ts';
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
    // nc -w bounds only the connect: timeout bounds an app that accepts and never answers.
    `  out=$(printf '${request}' | timeout 3 nc -w 3 127.0.0.1 ${probe.port} 2>/dev/null)`,
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

/** Time a container is allowed after its own limit before the server stops waiting for it. */
const GRACE_MS = 2000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * Facts about one image. Every engine call stops when `signal` aborts (cancel, deadline) or
 * after its own call deadline; containers are removed whatever happens.
 */
export async function inspectImage(
  docker: Docker,
  imageId: string,
  buildId: string,
  signal: AbortSignal,
  labels: Record<string, string> = {},
  /** Answers from the image analysis: true/false, or undefined when only a container can tell. */
  knownPath?: (path: string) => boolean | undefined,
): Promise<InspectedImage> {
  const info = await bounded(docker.getImage(imageId).inspect(), callSignal(signal));
  const allLabels = { ...labels, [CHECK_LABEL]: buildId };
  let statContainer: Promise<Docker.Container> | undefined;
  const call = () => ({ abortSignal: callSignal(signal) }) as object;

  const create = (options: Docker.ContainerCreateOptions) =>
    docker.createContainer({ Labels: allLabels, Tty: false, ...options, HostConfig: { ...hardenedHostConfig, ...options.HostConfig }, abortSignal: callSignal(signal) } as Docker.ContainerCreateOptions);

  const pathExists = async (path: string): Promise<boolean> => {
    const known = knownPath?.(path);
    if (known !== undefined) return known;
    // One created container serves every path check of this image; it never runs.
    statContainer ??= create({ Image: imageId, Entrypoint: ['/nonexistent'], Cmd: [] });
    try {
      await (await statContainer).infoArchive({ path, ...call() });
      return true;
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return false;
      throw error;
    }
  };

  // With user namespaces (userns-remap), files are stored, and archived, under shifted ids:
  // root is 100000 when the engine's root dir is /var/lib/docker/100000.100000.
  let idShift: Promise<{ uid: number; gid: number }> | undefined;
  const shiftOf = () =>
    (idShift ??= bounded(docker.info(), callSignal(signal)).then((engine: { DockerRootDir?: string; SecurityOptions?: string[] }) => {
      const match = /\/(\d+)\.(\d+)$/.exec(engine.DockerRootDir ?? '');
      const remapped = (engine.SecurityOptions ?? []).some((o) => o.includes('name=userns'));
      return match && remapped ? { uid: Number(match[1]), gid: Number(match[2]) } : { uid: 0, gid: 0 };
    }));

  const pathOwner = async (path: string): Promise<PathOwner | undefined> => {
    const shift = await shiftOf();
    statContainer ??= create({ Image: imageId, Entrypoint: ['/nonexistent'], Cmd: [] });
    let archive: NodeJS.ReadableStream;
    try {
      archive = await (await statContainer).getArchive({ path, ...call() });
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return undefined;
      throw error;
    }
    // The tar's first entry is the path itself: read its header, not the rest of a folder.
    const tar = extract();
    const stop = () => (archive as NodeJS.ReadableStream & { destroy(): void }).destroy();
    try {
      return await new Promise<PathOwner | undefined>((resolve, reject) => {
        tar.once('entry', (header) => resolve({ uid: (header.uid ?? 0) - shift.uid, gid: (header.gid ?? 0) - shift.gid, mode: (header.mode ?? 0) & 0o7777 }));
        tar.once('finish', () => resolve(undefined));
        tar.once('error', reject);
        archive.once('error', reject);
        archive.pipe(tar);
      });
    } finally {
      stop();
      tar.destroy();
    }
  };

  const probeHttp = async (probe: HttpProbe): Promise<HttpProbeResult> => {
    let app: Docker.Container | undefined;
    let prober: Docker.Container | undefined;
    try {
      app = await create({ Image: imageId });
      try {
        await app.start(call());
      } catch (error) {
        if (signal.aborted) throw error;
        return { answered: false, reason: `the container does not start: ${startError(error)}`, logs: '' };
      }
      prober = await create({ Image: PROBE_IMAGE, Entrypoint: ['sh', '-c', probeScript(probe)], Cmd: [], HostConfig: { NetworkMode: `container:${app.id}` } });
      // Joining fails when the app has already exited: that is the answer, not an error.
      const probed = await prober.start(call()).then(
        () => true,
        () => false,
      );
      if (probed) {
        // The probe ends when it gets an answer or gives up; an app that exits meanwhile ends it early.
        // Waits are bounded here too: a wedged engine or probe must not hold the slot.
        const waitSignal = callSignal(signal, probe.timeoutMs + GRACE_MS);
        const probeDone = prober.wait({ abortSignal: waitSignal } as object).catch(() => undefined);
        const appExited = app.wait({ abortSignal: waitSignal } as object).catch(() => undefined);
        await Promise.race([probeDone, appExited, whenAborted(waitSignal)]);
        signal.throwIfAborted();
        // Whichever came first, an answer the probe already printed counts.
        const response = parseHttpResponse(await containerOutput(prober, signal));
        if (response) return { answered: true, ...response };
      }
      const state = (await app.inspect(call())).State;
      const logs = (await containerOutput(app, signal)).trim().slice(-600);
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
        await container.start(call());
      } catch (error) {
        if (signal.aborted) throw error;
        return { started: false, error: startError(error) };
      }
      const exited = (container.wait({ abortSignal: callSignal(signal, timeoutMs + GRACE_MS) } as object) as Promise<{ StatusCode: number }>).catch(() => undefined);
      const result = await Promise.race([exited, sleep(timeoutMs).then(() => undefined), whenAborted(signal).then(() => undefined)]);
      signal.throwIfAborted();
      const output = await containerOutput(container, signal);
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
    pathOwner,
    probeHttp,
    runBinary,
    dispose: async () => {
      if (statContainer) await removeQuietly(await statContainer.catch(() => undefined));
    },
  };
}
