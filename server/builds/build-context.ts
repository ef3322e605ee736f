// Packs the build context the engine receives: the lab's app files plus the learner's
// Dockerfile, as a tar stream. The Engine API does not read .dockerignore (the docker CLI
// does, before sending), so the packer applies it here, with Docker's own matching rules.
import { pack } from 'tar-stream';
import { Dockerignore } from '../../shared/dockerignore.ts';
import { alwaysSent } from '../../shared/build-context.ts';
import type { Readable } from 'node:stream';
import type { ContextFile } from '../labs/lab-registry.ts';

/** Fixed timestamp: the same files always give the same tar. */
const MTIME = new Date('2024-01-01T00:00:00Z');

export class ContextTooLargeError extends Error {}

/** A .dockerignore the sandbox will not read; the message names the line. */
export class DockerignoreError extends Error {}

export interface ContextPlan {
  files: ContextFile[];
  bytes: number;
}

export interface PackedContext {
  stream: Readable;
  bytes: number;
  files: string[];
}

/** Which files the engine receives, and how many bytes: refuses an oversized context. */
export function planContext(labFiles: readonly ContextFile[], learnerFiles: Record<string, string>, maxBytes: number): ContextPlan {
  const byName = new Map<string, ContextFile>(labFiles.map((f) => [f.name, f]));
  for (const [name, text] of Object.entries(learnerFiles)) {
    byName.set(name, { name, content: Buffer.from(text, 'utf8'), mode: 0o644 });
  }
  const ignoreFile = byName.get('.dockerignore');
  const ignored = new Dockerignore(ignoreFile ? ignoreFile.content.toString('utf8') : '');
  const [problem] = ignored.problems;
  if (problem) throw new DockerignoreError(`.dockerignore line ${problem.line}: ${problem.message}`);
  const files = [...byName.values()].filter((f) => alwaysSent(f.name) || !ignored.ignores(f.name));
  const bytes = files.reduce((sum, f) => sum + f.content.length, 0);
  if (bytes > maxBytes) {
    throw new ContextTooLargeError(`the build context is ${bytes} bytes; the limit is ${maxBytes}`);
  }
  return { files, bytes };
}

/** `owner`: uid and gid of every file in the tar (config.sandbox.contextOwner says why). */
export function packContext(labFiles: readonly ContextFile[], learnerFiles: Record<string, string>, maxBytes: number, owner = 0): PackedContext {
  const plan = planContext(labFiles, learnerFiles, maxBytes);
  const tar = pack();
  for (const file of plan.files) {
    tar.entry({ name: file.name, size: file.content.length, mode: file.mode, mtime: MTIME, uid: owner, gid: owner }, file.content);
  }
  tar.finalize();
  return { stream: tar as unknown as Readable, bytes: plan.bytes, files: plan.files.map((f) => f.name) };
}
