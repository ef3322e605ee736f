// One sandbox engine (a dockerd in a container) kept answering. The container has Docker's
// own restart policy, but that does not cover a daemon that hangs, a container that was
// removed, or what has to follow every start: the firewall (Docker rewrites its chains), the
// socket's group (dockerd creates a new socket), the base images (a fresh disk has none).
//
// Bringing it back, in escalating steps: start a stopped container (its disk mounted again
// after a reboot); `docker restart` a running one whose daemon does not answer; and when that
// did not work, remove the container and create it again from the image (its disk, with the
// images, stays).
import path from 'node:path';
import Docker from 'dockerode';
import { config } from '../../config.ts';
import { dockerFor, pingEngine } from '../../engine/engine-pool.ts';
import { ensureFirewall } from '../../infra/firewall.ts';
import { ensureEngine, ensureImagesInSandbox, ensureNetwork } from '../../infra/sandbox.ts';
import { grantSocket, socketGranted, webGroup } from '../../infra/service-accounts.ts';
import { run } from '../../infra/shell.ts';
import type { Unit } from '../unit.ts';

interface ContainerState {
  running: boolean;
  restarting: boolean;
  status: string;
  startedAt: string;
  restartCount: number;
}

/** A dockerd that does not answer this long after its container started is a failed start (it takes 2-3 s). */
const READY_TIMEOUT_MS = 20_000;

const startedRecently = (state: ContainerState) => Date.now() - Date.parse(state.startedAt) < READY_TIMEOUT_MS;

export class EngineUnit implements Unit {
  readonly name: string;
  private readonly container: string;
  private readonly socket: string;
  private readonly engine: Docker;
  private readonly host = new Docker();
  private readonly index: number;
  private readonly note: (line: string) => void;
  /** The container start that the firewall, socket and images were last set up for. */
  private preparedStart: string | undefined;
  private failedStarts = 0;

  constructor(index: number, note: (line: string) => void) {
    this.index = index;
    this.name = `engine-${index}`;
    this.container = config.infra.engineContainer(index);
    this.socket = path.join(config.infra.engineSocketDir(index), 'docker.sock');
    this.engine = dockerFor(`unix://${this.socket}`);
    this.note = note;
  }

  async start(): Promise<void> {
    try {
      await this.bringUp(this.failedStarts > 0);
      this.failedStarts = 0;
    } catch (error) {
      this.failedStarts += 1;
      throw error;
    }
  }

  async check(): Promise<string | undefined> {
    const state = await this.state();
    if (!state) return `container ${this.container} is missing`;
    if (!state.running || state.restarting) return `container ${this.container} is ${state.restarting ? 'restarting' : state.status}`;
    if (!(await pingEngine(this.engine, 2000))) return 'the engine does not answer a ping';
    // Docker's restart policy started it again between two checks: set up what follows a start.
    if (state.startedAt !== this.preparedStart) await this.afterStart(state);
    else this.keepSocketGranted();
    return undefined;
  }

  /** Engines outlive the supervisor: a restart of the service must not cost the loaded images. */
  async stop(): Promise<void> {}

  /** Docker's events say at once when the container dies; the checks catch a hung daemon. */
  watchExit(onExit: (reason: string) => void): void {
    const follow = async () => {
      try {
        const events = await this.host.getEvents({ filters: { type: ['container'], container: [this.container], event: ['die', 'destroy'] } });
        let pending = '';
        events.on('data', (chunk: Buffer) => {
          pending += chunk.toString();
          const lines = pending.split('\n');
          pending = lines.pop() ?? '';
          for (const line of lines.filter(Boolean)) {
            const event = JSON.parse(line) as { status?: string; Actor?: { Attributes?: { exitCode?: string } } };
            onExit(event.status === 'destroy' ? 'the container was removed' : `the container stopped (exit code ${event.Actor?.Attributes?.exitCode ?? '?'})`);
          }
        });
        await new Promise((resolve) => events.once('close', resolve).once('end', resolve).once('error', resolve));
      } catch {
        // the host engine is restarting; follow again below
      }
      setTimeout(follow, 1000).unref();
    };
    void follow();
  }

  private async bringUp(recreate: boolean): Promise<void> {
    let state = await this.state();
    if (state && recreate) {
      this.note(`removing ${this.container} to create it again (the last start failed)`);
      await run(`docker rm -f ${this.container}`);
      state = undefined;
    }
    if (!state) {
      await ensureNetwork();
      await ensureEngine(this.index); // creates it and waits for its engine
    } else if (!state.running && !state.restarting) {
      await ensureEngine(this.index); // mounts its disk again if need be (after a reboot), starts it
    } else if (!state.restarting && !startedRecently(state) && !(await pingEngine(this.engine, 2000))) {
      // Running for a while and not answering: the daemon hangs.
      await this.host.getContainer(this.container).restart({ t: 2 });
    }
    // Otherwise Docker's restart policy has just started it: wait for that start below.
    const started = await this.waitForEngine();
    await this.afterStart(started);
  }

  /** Waits for the daemon to answer; fails at once when the container stops or starts over. */
  private async waitForEngine(): Promise<ContainerState> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    let first: ContainerState | undefined;
    while (Date.now() < deadline) {
      const state = await this.state();
      if (state) {
        first ??= state;
        const crashed = !state.running && !state.restarting;
        if (crashed || state.restartCount > first.restartCount + 1) throw new Error(`the engine exited while starting:\n${await this.logTail()}`);
        if (state.running && (await pingEngine(this.engine, 1000))) return state;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`the engine did not answer within ${READY_TIMEOUT_MS / 1000} s:\n${await this.logTail()}`);
  }

  private async afterStart(state: ContainerState): Promise<void> {
    await ensureFirewall();
    this.keepSocketGranted();
    await ensureImagesInSandbox(this.note);
    this.preparedStart = state.startedAt;
  }

  private keepSocketGranted(): void {
    const account = webGroup();
    if (account && !socketGranted(account, this.socket)) grantSocket(account, this.socket);
  }

  private async state(): Promise<ContainerState | undefined> {
    try {
      const info = await this.host.getContainer(this.container).inspect();
      const s = info.State;
      return { running: s.Running, restarting: s.Restarting, status: s.Status, startedAt: s.StartedAt, restartCount: info.RestartCount };
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return undefined;
      throw error;
    }
  }

  private async logTail(): Promise<string> {
    return run(`docker logs --tail 15 ${this.container} 2>&1 || true`);
  }
}
