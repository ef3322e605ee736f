// The npm mirror as a supervised child process (settings: server/infra/mirror.ts). A mirror
// that `prepare` started detached is replaced by this one, so every mirror that runs is watched.
import { isMirrorUp, MIRROR_MARKER, mirrorPaths, mirrorProcess, mirrorUrl, prepareMirrorFiles, pruneMirror, waitForMirror } from '../../infra/mirror.ts';
import { stopRecorded } from '../../infra/pid-file.ts';
import { ensureNetwork } from '../../infra/sandbox.ts';
import { ProcessUnit } from '../child-process.ts';

/** How often the storage cap is enforced while the mirror runs. */
const PRUNE_EVERY_MS = 10 * 60 * 1000;

export class MirrorUnit extends ProcessUnit {
  readonly name = 'mirror';
  private readonly note: (line: string) => void;
  private prunedAt = 0;

  constructor(note: (line: string) => void) {
    super();
    this.note = note;
  }

  async start(): Promise<void> {
    await ensureNetwork(); // the mirror listens on the sandbox network's gateway address
    await prepareMirrorFiles(this.note);
    this.prunedAt = Date.now();
    const spec = { ...mirrorProcess(), logFile: mirrorPaths.log, pidFile: mirrorPaths.pid, marker: MIRROR_MARKER };
    await stopRecorded(spec.pidFile, spec.marker); // one that `prepare` started, or an earlier supervisor
    if (await isMirrorUp()) throw new Error(`something else answers on ${mirrorUrl} (no pid file of ours names it): stop it`);
    await this.process.start(spec);
    await waitForMirror(30_000, () => this.process.running);
  }

  async check(): Promise<string | undefined> {
    if (!this.process.running) return 'the mirror process is gone';
    if (Date.now() - this.prunedAt > PRUNE_EVERY_MS) this.prune();
    return (await isMirrorUp(3000)) ? undefined : 'the mirror does not answer /-/ping';
  }

  private prune(): void {
    this.prunedAt = Date.now();
    const report = pruneMirror();
    if (report.removed > 0) {
      const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
      this.note(`storage over its cap: removed ${report.removed} least recently used tarballs (${mb(report.beforeBytes)} -> ${mb(report.afterBytes)})`);
    }
  }
}
