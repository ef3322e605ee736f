// How dashboards hear of changes: one poll of the feed table per server process (not per
// dashboard), from a cursor, every `pollMs` while any dashboard is open, and at once when this
// process itself recorded a change. So a build seen by any replica reaches every replica's
// dashboards within a poll, and nothing lives only in memory: a restarted process starts from
// the feed's head and the page reloads its rows.
import type { ClassStore, FeedEntry } from './class-store.ts';

type Listener = (entries: FeedEntry[]) => void;

export class ClassFeed {
  private readonly store: ClassStore;
  private readonly pollMs: number;
  private readonly listeners = new Map<string, Set<Listener>>();
  private cursor = 0;
  private timer: NodeJS.Timeout | undefined;
  private pending = false;

  constructor(store: ClassStore, pollMs: number) {
    this.store = store;
    this.pollMs = pollMs;
  }

  get subscribers(): number {
    let n = 0;
    for (const set of this.listeners.values()) n += set.size;
    return n;
  }

  /** Calls `listener` with the class's changes from now on; returns the unsubscribe. */
  subscribe(classId: string, listener: Listener): () => void {
    if (this.subscribers === 0) {
      this.cursor = this.store.feedHead();
      this.timer = setInterval(() => this.poll(), this.pollMs);
      this.timer.unref();
    }
    const set = this.listeners.get(classId) ?? this.listeners.set(classId, new Set()).get(classId)!;
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(classId);
      if (this.subscribers === 0) clearInterval(this.timer);
    };
  }

  /** This process recorded a change: poll on the next turn (several changes coalesce into one poll). */
  notify(): void {
    if (this.pending || this.subscribers === 0) return;
    this.pending = true;
    setImmediate(() => {
      this.pending = false;
      this.poll();
    });
  }

  poll(): void {
    if (this.subscribers === 0) return;
    for (;;) {
      const entries = this.store.feedAfter(this.cursor);
      if (entries.length === 0) return;
      this.cursor = entries.at(-1)!.seq;
      const byClass = new Map<string, FeedEntry[]>();
      for (const entry of entries) (byClass.get(entry.class) ?? byClass.set(entry.class, []).get(entry.class)!).push(entry);
      for (const [classId, list] of byClass) {
        for (const listener of this.listeners.get(classId) ?? []) listener(list);
      }
    }
  }
}
