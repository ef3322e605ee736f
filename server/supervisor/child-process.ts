// A long-running child process of the supervisor (the mirror, the web server): started with
// its own environment and account, its output appended to a log file, its pid recorded so a
// supervisor that was itself killed can clear it away next time, and its exit reported at once.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { stopRecorded } from '../infra/pid-file.ts';
import type { Account } from '../infra/service-accounts.ts';
import type { Unit } from './unit.ts';

export interface ChildSpec {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  account: Account | undefined;
  logFile: string;
  pidFile: string;
  /** In the process's command line: how a pid file left by an earlier run is recognised. */
  marker: string;
}

/** Log files past this size are moved to `<file>.1` when the process starts again. */
const ROTATE_BYTES = 20 * 1024 * 1024;

export class SupervisedProcess {
  private child: ChildProcess | undefined;
  private exitListener: ((reason: string) => void) | undefined;

  get pid(): number | undefined {
    return this.child?.exitCode === null && this.child.signalCode === null ? this.child.pid : undefined;
  }

  onExit(listener: (reason: string) => void): void {
    this.exitListener = listener;
  }

  /** Starts the process (after clearing away one an earlier run left); does not wait for it to answer. */
  async start(spec: ChildSpec): Promise<void> {
    await this.stop();
    await stopRecorded(spec.pidFile, spec.marker);
    if (fs.existsSync(spec.logFile) && fs.statSync(spec.logFile).size > ROTATE_BYTES) fs.renameSync(spec.logFile, `${spec.logFile}.1`);
    const log = fs.openSync(spec.logFile, 'a');
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: spec.env,
      stdio: ['ignore', log, log],
      ...(spec.account && { uid: spec.account.uid, gid: spec.account.gid }),
    });
    fs.closeSync(log);
    this.child = child;
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', reject);
    });
    fs.writeFileSync(spec.pidFile, String(child.pid));
    child.once('exit', (code, signal) => {
      // The pid file names only a live process of ours: a later supervisor trusts it.
      if (fs.existsSync(spec.pidFile) && fs.readFileSync(spec.pidFile, 'utf8') === String(child.pid)) fs.rmSync(spec.pidFile);
      if (this.child !== child) return; // an earlier process, already replaced
      this.exitListener?.(signal ? `killed by ${signal}` : `exited with code ${code}`);
    });
  }

  /** Whether the process is still running (it may be running and not answering). */
  get running(): boolean {
    return this.pid !== undefined;
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it is gone. */
  async stop(graceMs = 5000): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    this.child = undefined; // its exit is expected now: not a crash
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }
}

/** A unit that is one child process: stopping it, its exit and its pid come from the process. */
export abstract class ProcessUnit implements Unit {
  abstract readonly name: string;
  protected readonly process = new SupervisedProcess();

  abstract start(): Promise<void>;
  abstract check(): Promise<string | undefined>;

  stop(): Promise<void> {
    return this.process.stop();
  }

  watchExit(onExit: (reason: string) => void): void {
    this.process.onExit(onExit);
  }

  pid(): number | undefined {
    return this.process.pid;
  }
}
