// The base-image registry the engines pull from (server/infra/image-registry.ts): needed
// whenever an engine is created or recycled. `ensureImageRegistry` starts it detached and
// fills it; this keeps it answering, starting it again (over the old one's pid file) when not.
import path from 'node:path';
import { config } from '../../config.ts';
import { ensureImageRegistry, imageRegistryAddress } from '../../infra/image-registry.ts';
import { stopRecorded } from '../../infra/pid-file.ts';
import type { Unit } from '../unit.ts';

const pidFile = path.join(config.infra.imageRegistryDir, 'registry.pid');

async function answers(): Promise<boolean> {
  try {
    return (await fetch(`http://${imageRegistryAddress}/v2/`, { signal: AbortSignal.timeout(3000) })).ok;
  } catch {
    return false;
  }
}

export class ImageRegistryUnit implements Unit {
  readonly name = 'registry';
  private readonly note: (line: string) => void;

  constructor(note: (line: string) => void) {
    this.note = note;
  }

  async start(): Promise<void> {
    await ensureImageRegistry(this.note);
  }

  async check(): Promise<string | undefined> {
    return (await answers()) ? undefined : `the image registry does not answer on ${imageRegistryAddress}`;
  }

  /** Clears away a registry that stopped answering, so the next start runs a new one. */
  async stop(): Promise<void> {
    if (!(await answers())) await stopRecorded(pidFile, 'docker-registry');
  }
}
