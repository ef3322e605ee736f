// Every message of a learner's running and just-finished builds, numbered, so a page that
// reconnects (or a second tab) resumes from the last message it drew instead of losing the
// build. Bounded: per build by bytes, per learner by count, in time by retention. A build that
// nobody follows any more is cancelled after a grace period.
import crypto from 'node:crypto';
import type { BuildEvent, BuildMessage, BuildPhase } from '../../shared/protocol/messages.ts';

export class AbandonedError extends Error {
  constructor() {
    super('nobody is following this build any more');
  }
}

export interface JournalSettings {
  /** Bytes of messages kept per build; past it, step and log messages are dropped with a notice. */
  maxBytesPerBuild: number;
  /** How long a finished build stays resumable. */
  retentionMs: number;
  /** A running build with no follower for this long is cancelled. */
  abandonGraceMs: number;
  /** Finished builds kept per learner (the newest ones). */
  finishedPerLearner: number;
  /**
   * Bytes kept for all builds together. Running builds are bounded by the engine slots; past
   * this budget the oldest finished builds are forgotten first (their result is in the store).
   */
  maxTotalBytes: number;
}

type Follower = (message: BuildMessage) => void;

export class BuildRecord {
  readonly id = crypto.randomUUID();
  readonly learner: string;
  /** The client address that asked for it (per-address caps). */
  readonly address: string;
  readonly lab: string;
  readonly file: string;
  /** Aborted by an explicit cancel, or when nobody follows the build any more. */
  readonly controller = new AbortController();
  phase: BuildPhase = 'queued';
  finishedAt: number | undefined;
  private readonly messages: BuildMessage[] = [];
  private readonly followers = new Set<Follower>();
  private readonly settings: JournalSettings;
  /** Bytes of the messages kept. */
  bytes = 0;
  private dropping = false;
  private abandonTimer: NodeJS.Timeout | undefined;

  constructor(who: { learner: string; address: string }, lab: string, file: string, settings: JournalSettings) {
    this.learner = who.learner;
    this.address = who.address;
    this.lab = lab;
    this.file = file;
    this.settings = settings;
    // Also a build that nobody ever follows (its tab closed while it was being accepted).
    this.armAbandon();
  }

  get lastSeq(): number {
    return this.messages.length;
  }

  get active(): boolean {
    return this.phase !== 'done';
  }

  /** Numbers the message, keeps it, and hands it to every follower. */
  emit(event: BuildEvent): void {
    const size = JSON.stringify(event).length;
    if (event.type === 'step' || event.type === 'log') {
      if (this.bytes + size > this.settings.maxBytesPerBuild) {
        if (this.dropping) return;
        this.dropping = true;
        event = { type: 'error', code: 'log-truncated', message: 'this build has sent more output than the server keeps; the rest of its log is not shown, the build goes on' };
      }
    }
    this.bytes += size;
    const message = { ...event, buildId: this.id, seq: this.messages.length + 1 } as BuildMessage;
    this.messages.push(message);
    for (const follower of this.followers) follower(message);
  }

  /** Messages with a seq above `after`. */
  after(after: number): readonly BuildMessage[] {
    return this.messages.slice(Math.max(0, after));
  }

  message(seq: number): BuildMessage | undefined {
    return this.messages[seq - 1];
  }

  /** Subscribes to new messages; returns a function that unsubscribes. */
  follow(follower: Follower): () => void {
    this.followers.add(follower);
    clearTimeout(this.abandonTimer);
    return () => {
      if (this.followers.delete(follower) && this.followers.size === 0) this.armAbandon();
    };
  }

  private armAbandon(): void {
    if (!this.active) return;
    clearTimeout(this.abandonTimer);
    this.abandonTimer = setTimeout(() => this.controller.abort(new AbandonedError()), this.settings.abandonGraceMs);
    this.abandonTimer.unref();
  }

  finish(): void {
    this.phase = 'done';
    this.finishedAt = Date.now();
    clearTimeout(this.abandonTimer);
  }
}

export class BuildJournal {
  private readonly records = new Map<string, BuildRecord>();
  private readonly settings: JournalSettings;

  constructor(settings: JournalSettings) {
    this.settings = settings;
  }

  create(who: { learner: string; address: string }, lab: string, file: string): BuildRecord {
    this.sweep();
    const record = new BuildRecord(who, lab, file, this.settings);
    this.records.set(record.id, record);
    return record;
  }

  get(id: string): BuildRecord | undefined {
    return this.records.get(id);
  }

  /** The learner's builds, oldest first. */
  ofLearner(learner: string): BuildRecord[] {
    return [...this.records.values()].filter((r) => r.learner === learner);
  }

  /** Builds running or waiting that this client address asked for. */
  activeFrom(address: string): number {
    let count = 0;
    for (const record of this.records.values()) if (record.active && record.address === address) count += 1;
    return count;
  }

  get size(): number {
    return this.records.size;
  }

  get bytes(): number {
    let total = 0;
    for (const record of this.records.values()) total += record.bytes;
    return total;
  }

  /** Forgets finished builds past their retention, all but the newest few per learner, and the oldest past the byte budget. */
  sweep(now = Date.now()): void {
    const finishedByLearner = new Map<string, BuildRecord[]>();
    for (const record of this.records.values()) {
      if (record.finishedAt === undefined) continue;
      if (now - record.finishedAt > this.settings.retentionMs) this.records.delete(record.id);
      else finishedByLearner.set(record.learner, [...(finishedByLearner.get(record.learner) ?? []), record]);
    }
    for (const finished of finishedByLearner.values()) {
      for (const record of finished.slice(0, -this.settings.finishedPerLearner)) this.records.delete(record.id);
    }
    let total = this.bytes;
    if (total <= this.settings.maxTotalBytes) return;
    const oldestFirst = [...this.records.values()].filter((r) => r.finishedAt !== undefined).sort((a, b) => a.finishedAt! - b.finishedAt!);
    for (const record of oldestFirst) {
      if (total <= this.settings.maxTotalBytes) break;
      this.records.delete(record.id);
      total -= record.bytes;
    }
  }
}
