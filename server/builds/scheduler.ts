// The one place where build slots are counted. A build waits in line, takes a slot on a
// healthy engine (a lease), and gives it back exactly once when its engine work has really
// ended. The line is fair between learners: round robin by learner, so one learner with ten
// tabs cannot push a class back.
import type { Engine, EnginePool } from '../engine/engine-pool.ts';

export class QueueFullError extends Error {}

export interface Lease {
  readonly engine: Engine;
  /** Gives the slot back. Safe to call more than once: only the first call counts. */
  release(): void;
}

interface Ticket {
  learner: string;
  onPosition: (position: number) => void;
  resolve: (lease: Lease) => void;
  /** Last position told, so a learner hears only changes. */
  told: number;
}

export interface SchedulerView {
  capacity: number;
  running: number;
  waiting: number;
  engines: Array<{ name: string; state: Engine['state']; since: number; running: number }>;
}

/** Learners whose last engine is remembered: a class or several fit many times over. */
const REMEMBERED_LEARNERS = 10_000;

export class Scheduler {
  private readonly pool: EnginePool;
  private readonly slotsPerEngine: number;
  private readonly maxWaiting: number;
  private readonly busy = new Map<Engine, number>();
  /** Waiting tickets per learner; the Map's order is the round-robin ring. */
  private readonly lines = new Map<string, Ticket[]>();
  /** Each learner's last engine, the least recently used first out (engineFor). */
  private readonly lastEngine = new Map<string, Engine>();

  constructor(pool: EnginePool, slotsPerEngine: number, maxWaiting: number) {
    this.pool = pool;
    this.slotsPerEngine = slotsPerEngine;
    this.maxWaiting = maxWaiting;
    // An engine that comes back (or first answers) can take waiting builds at once.
    pool.onChange(() => this.dispatch());
  }

  get waiting(): number {
    let count = 0;
    for (const line of this.lines.values()) count += line.length;
    return count;
  }

  get running(): number {
    let count = 0;
    for (const n of this.busy.values()) count += n;
    return count;
  }

  /**
   * Resolves with a lease when a slot is free. onPosition hears the number of builds ahead
   * (0: next) whenever it changes. Aborting the signal while waiting leaves the line and
   * rejects with the signal's reason. `first` puts the build at the head of the line (a build
   * whose engine died under it before any output).
   */
  acquire(learner: string, onPosition: (position: number) => void, signal: AbortSignal, options: { first?: boolean } = {}): Promise<Lease> {
    if (signal.aborted) return Promise.reject(signal.reason);
    if (!options.first && this.waiting >= this.maxWaiting) {
      return Promise.reject(new QueueFullError(`${this.waiting} builds are waiting; try again in a minute`));
    }
    return new Promise<Lease>((resolve, reject) => {
      const ticket: Ticket = { learner, onPosition, told: -1, resolve };
      const onAbort = () => {
        if (this.remove(ticket)) {
          reject(signal.reason);
          this.tellPositions();
        }
      };
      ticket.resolve = (lease) => {
        signal.removeEventListener('abort', onAbort);
        resolve(lease);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.enqueue(ticket, options.first === true);
      this.dispatch();
    });
  }

  view(): SchedulerView {
    return {
      capacity: this.pool.healthy.length * this.slotsPerEngine,
      running: this.running,
      waiting: this.waiting,
      engines: this.pool.engines.map((e) => ({ name: e.name, state: e.state, since: e.since, running: this.busy.get(e) ?? 0 })),
    };
  }

  private enqueue(ticket: Ticket, first: boolean): void {
    const line = this.lines.get(ticket.learner) ?? [];
    if (!first) {
      line.push(ticket);
      if (!this.lines.has(ticket.learner)) this.lines.set(ticket.learner, line);
      return;
    }
    line.unshift(ticket);
    // Rebuild the ring with this learner at its head.
    const rest = [...this.lines].filter(([learner]) => learner !== ticket.learner);
    this.lines.clear();
    this.lines.set(ticket.learner, line);
    for (const [learner, tickets] of rest) this.lines.set(learner, tickets);
  }

  private remove(ticket: Ticket): boolean {
    const line = this.lines.get(ticket.learner);
    const index = line?.indexOf(ticket) ?? -1;
    if (!line || index < 0) return false;
    line.splice(index, 1);
    if (line.length === 0) this.lines.delete(ticket.learner);
    return true;
  }

  /** The next ticket in round-robin order; its learner moves to the back of the ring. */
  private takeNext(): Ticket | undefined {
    const first = this.lines.entries().next();
    if (first.done) return undefined;
    const [learner, line] = first.value;
    const ticket = line.shift();
    this.lines.delete(learner);
    if (line.length > 0) this.lines.set(learner, line);
    return ticket;
  }

  /** Waiting tickets in the order they will be served. */
  private order(): Ticket[] {
    const lines = [...this.lines.values()];
    const out: Ticket[] = [];
    for (let round = 0; out.length < this.waiting; round++) {
      for (const line of lines) if (line[round]) out.push(line[round]!);
    }
    return out;
  }

  private freeEngine(): Engine | undefined {
    let best: Engine | undefined;
    for (const engine of this.pool.healthy) {
      const busy = this.busy.get(engine) ?? 0;
      if (busy < this.slotsPerEngine && (best === undefined || busy < (this.busy.get(best) ?? 0))) best = engine;
    }
    return best;
  }

  /**
   * The engine a learner built on last, when it is healthy and has a free slot: their cache
   * mounts live on it (scoped to them, one engine's disk), so a rebuild there finds them.
   * Otherwise the least busy one. A hint only: after a restart it is simply rebuilt.
   */
  private engineFor(learner: string): Engine | undefined {
    const last = this.lastEngine.get(learner);
    if (last?.state === 'healthy' && (this.busy.get(last) ?? 0) < this.slotsPerEngine) return last;
    return this.freeEngine();
  }

  private dispatch(): void {
    while (this.lines.size > 0 && this.freeEngine()) {
      const ticket = this.takeNext()!;
      const engine = this.engineFor(ticket.learner)!;
      this.lastEngine.delete(ticket.learner);
      this.lastEngine.set(ticket.learner, engine);
      if (this.lastEngine.size > REMEMBERED_LEARNERS) this.lastEngine.delete(this.lastEngine.keys().next().value!);
      ticket.resolve(this.lease(engine));
    }
    this.tellPositions();
  }

  private lease(engine: Engine): Lease {
    this.busy.set(engine, (this.busy.get(engine) ?? 0) + 1);
    let released = false;
    return {
      engine,
      release: () => {
        if (released) return;
        released = true;
        const left = (this.busy.get(engine) ?? 1) - 1;
        this.busy.set(engine, left);
        // A drained engine is emptied once its last build is over; it comes back by itself.
        if (engine.state === 'draining' && left === 0) void this.pool.recycle(engine);
        this.dispatch();
      },
    };
  }

  private tellPositions(): void {
    this.order().forEach((ticket, position) => {
      if (ticket.told === position) return;
      ticket.told = position;
      ticket.onPosition(position);
    });
  }
}
