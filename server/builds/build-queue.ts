// The wait line in front of the engine pool: first come, first served, with each waiting
// build told its position as the line moves, and a cap so a flood is refused, not buffered.
import PQueue from 'p-queue';

export class QueueFullError extends Error {}

interface Ticket {
  onPosition: (position: number) => void;
}

export class BuildQueue {
  private readonly queue: PQueue;
  private readonly waiting: Ticket[] = [];
  private readonly maxWaiting: number;

  constructor(concurrency: number, maxWaiting: number) {
    this.maxWaiting = maxWaiting;
    this.queue = new PQueue({ concurrency });
  }

  get waitingCount(): number {
    return this.waiting.length;
  }

  /**
   * Runs task when a slot is free. onPosition hears the number of builds ahead (0 when next);
   * aborting the signal while waiting removes the build from the line.
   */
  async run<T>(task: () => Promise<T>, onPosition: (position: number) => void, signal: AbortSignal): Promise<T> {
    if (this.waiting.length >= this.maxWaiting) {
      throw new QueueFullError(`${this.waiting.length} builds are waiting; try again in a minute`);
    }
    const ticket: Ticket = { onPosition };
    this.waiting.push(ticket);
    onPosition(this.waiting.length - 1);
    const leave = () => {
      const index = this.waiting.indexOf(ticket);
      if (index < 0) return;
      this.waiting.splice(index, 1);
      this.waiting.slice(index).forEach((t, i) => t.onPosition(index + i));
    };
    try {
      return await this.queue.add(
        () => {
          leave();
          return task();
        },
        { signal },
      );
    } finally {
      leave();
    }
  }
}
