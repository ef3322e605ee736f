// What the image inspector tells the checkpoints about a built image. The real one reads the
// engine (image-inspector.ts); unit tests give a plain object.
export interface ImageFacts {
  /** Bytes, the engine's own figure (as `docker images` shows). */
  size: number;
  /** Config.User: "" means root. */
  user: string;
  workingDir: string;
  pathExists(path: string): Promise<boolean>;
  /** Owner and permission bits of what is at `path` (as the image's tar holds them); undefined when nothing is there. */
  pathOwner(path: string): Promise<PathOwner | undefined>;
  /** Runs the image's own command, sandboxed, and probes HTTP on a port from inside its network. */
  probeHttp(request: HttpProbe): Promise<HttpProbeResult>;
  /** Runs `path args` in a sandboxed container of the image. */
  runBinary(path: string, args: readonly string[], timeoutMs: number): Promise<RunResult>;
}

export interface PathOwner {
  uid: number;
  gid: number;
  /** Permission bits only, e.g. 0o400. */
  mode: number;
}

export interface HttpProbe {
  port: number;
  path: string;
  timeoutMs: number;
}

export type HttpProbeResult =
  | { answered: true; status: number; body: string }
  | { answered: false; reason: string; logs: string };

export type RunResult = { started: true; exitCode: number; output: string; timedOut: boolean } | { started: false; error: string };
