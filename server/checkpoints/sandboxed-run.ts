// How checkpoint containers run in the sandbox engine: learner code is untrusted, so every
// container gets no network, a read-only root, no capabilities, no privilege escalation and
// small limits, and is removed afterwards whatever happens.
import type Docker from 'dockerode';
import { callSignal } from '../engine/engine-call.ts';

export const CHECK_LABEL = 'lab.multistage.check';

export const hardenedHostConfig = {
  NetworkMode: 'none',
  Memory: 256 * 1024 * 1024,
  MemorySwap: 256 * 1024 * 1024,
  NanoCpus: 1_000_000_000,
  PidsLimit: 128,
  ReadonlyRootfs: true,
  Tmpfs: { '/tmp': 'rw,noexec,nosuid,size=16m' },
  CapDrop: ['ALL'],
  SecurityOpt: ['no-new-privileges'],
  // An app that floods its output fills at most this much of the engine's disk.
  LogConfig: { Type: 'json-file', Config: { 'max-size': '1m', 'max-file': '1' } },
} satisfies Docker.HostConfig;

/**
 * Log lines read back from a checkpoint container. The engine splits long lines at 16 KiB, so
 * this bounds what is read at the source, whatever the app printed.
 */
const TAIL_LINES = 64;

/** Output kept from a checkpoint container: enough to explain a failure. */
export const MAX_OUTPUT_BYTES = 4096;

/**
 * Joins the payloads of Docker's multiplexed log stream (no TTY): each frame is an 8-byte
 * header (stream, 3 zero bytes, big-endian length) followed by that many bytes.
 */
export function demuxLogs(raw: Buffer, limit = MAX_OUTPUT_BYTES): string {
  const parts: Buffer[] = [];
  let size = 0;
  for (let offset = 0; offset + 8 <= raw.length && size < limit; ) {
    const length = raw.readUInt32BE(offset + 4);
    const payload = raw.subarray(offset + 8, offset + 8 + length);
    parts.push(payload);
    size += payload.length;
    offset += 8 + length;
  }
  return Buffer.concat(parts).subarray(0, limit).toString('utf8');
}

export async function containerOutput(container: Docker.Container, signal?: AbortSignal): Promise<string> {
  // No TTY: an image whose command is an interactive program (node) exits instead of waiting.
  // The output only explains a verdict: an engine that cannot give it (a container it already
  // marked dead, 409) leaves the explanation empty rather than failing the checks.
  const raw = await container.logs({ stdout: true, stderr: true, follow: false, tail: TAIL_LINES, abortSignal: callSignal(signal) } as Docker.ContainerLogsOptions & { follow: false }).catch((error: unknown) => {
    if (signal?.aborted) throw error;
    return Buffer.alloc(0);
  });
  return demuxLogs(raw as unknown as Buffer);
}

/** Removes a container whatever state it is in. Runs on its own deadline: a cancelled build still cleans up. */
export async function removeQuietly(container: Docker.Container | undefined): Promise<void> {
  await container?.remove({ force: true, v: true, abortSignal: callSignal() } as Docker.ContainerRemoveOptions).catch(() => undefined);
}

/** The engine's reason without its plumbing: "exec /x: no such file or directory". */
export function startError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const detail = /\(HTTP code \d+\)\s*[^-]*-\s*(.*)$/s.exec(message)?.[1] ?? message;
  const exec = /exec[:\s].*?(no such file or directory|permission denied|exec format error)/.exec(detail);
  return (exec?.[0] ?? detail).replace(/\\"/g, '"').trim();
}
