// Keeps the learner's drafts on the server without ever losing one: saves are held until the
// saved drafts have loaded (so a starter never overwrites a draft), retried with back-off
// while the server is unreachable, versioned so a save from a second tab is detected (the
// learner chooses), and sent with `keepalive` only when the page is going away.
import { atom } from 'nanostores';

export type SaveStatus = 'loading' | 'saved' | 'saving' | 'offline' | 'conflict' | 'too-large';

/** The server holds another version of a file than the one this page started from. */
export interface DraftConflict {
  file: string;
  /** The server's text, or null when the draft was reset elsewhere. */
  theirs: string | null;
  version: number;
}

type Fetch = (url: string, init: RequestInit) => Promise<Response>;

export interface DraftSyncOptions {
  /** Typing pause before a save. */
  debounceMs: number;
  /** First and longest wait before retrying a failed save. */
  retryMs: [first: number, longest: number];
  /** Browsers cap keepalive bodies (64 KiB in Chromium); larger ones go as ordinary requests. */
  keepaliveBytes: number;
}

const DEFAULTS: DraftSyncOptions = { debounceMs: 600, retryMs: [1000, 30_000], keepaliveBytes: 60 * 1024 };

export class DraftSync {
  readonly $status = atom<SaveStatus>('loading');
  readonly $conflict = atom<DraftConflict | undefined>(undefined);
  private readonly url: (file: string) => string;
  private readonly http: Fetch;
  private readonly options: DraftSyncOptions;
  private readonly versions = new Map<string, number>();
  /** Text not yet on the server, per file. */
  private readonly pending = new Map<string, string>();
  private readonly inFlight = new Set<string>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private retryMs: number;
  private loaded = false;
  private offline = false;
  private tooLarge = false;

  constructor(lab: string, http: Fetch = (url, init) => fetch(url, init), options: Partial<DraftSyncOptions> = {}) {
    this.url = (file) => `/api/labs/${encodeURIComponent(lab)}/drafts/${encodeURIComponent(file)}`;
    this.http = http;
    this.options = { ...DEFAULTS, ...options };
    this.retryMs = this.options.retryMs[0];
  }

  /** The saved drafts arrived: versions known, held saves may go. */
  load(versions: Record<string, number>): void {
    for (const [file, version] of Object.entries(versions)) this.versions.set(file, version);
    this.loaded = true;
    for (const file of this.pending.keys()) this.schedule(file, 0);
    this.update();
  }

  changed(file: string, text: string): void {
    this.pending.set(file, text);
    this.tooLarge = false;
    if (this.loaded) this.schedule(file, this.options.debounceMs);
    this.update();
  }

  /** Saves what is pending now (before a build). */
  flush(): void {
    for (const file of this.pending.keys()) this.schedule(file, 0);
  }

  /** The page is going away: last chance, with keepalive so the request outlives the page. */
  pagehide(): void {
    if (!this.loaded) return;
    for (const [file, text] of this.pending) {
      if (this.inFlight.has(file) || this.$conflict.get()?.file === file) continue;
      const body = this.body(file, text);
      void this.http(this.url(file), { ...this.init('PUT', body), keepalive: body.length <= this.options.keepaliveBytes }).catch(() => undefined);
    }
  }

  /** The server's version of a file differs from this page's (seen on load or on save). */
  conflict(file: string, theirs: string | null, version: number): void {
    this.clearTimer(file);
    this.$conflict.set({ file, theirs, version });
    this.update();
  }

  /**
   * The learner chose: 'mine' saves this page's text over the server's; 'theirs' takes the
   * server's (returned, for the editor) and drops this page's unsaved text.
   */
  resolve(choice: 'mine' | 'theirs', mine: string): string | null | undefined {
    const conflict = this.$conflict.get();
    if (!conflict) return undefined;
    this.versions.set(conflict.file, conflict.version);
    this.$conflict.set(undefined);
    if (choice === 'mine') {
      this.pending.set(conflict.file, mine);
      this.schedule(conflict.file, 0);
    } else {
      this.pending.delete(conflict.file);
    }
    this.update();
    return choice === 'theirs' ? conflict.theirs : undefined;
  }

  /** Back to the starter: the draft is forgotten on the server. */
  async forget(file: string): Promise<void> {
    this.clearTimer(file);
    this.pending.delete(file);
    this.update();
    const response = await this.http(this.url(file), { method: 'DELETE', credentials: 'same-origin' });
    if (response.ok) this.versions.set(file, 0);
  }

  private schedule(file: string, ms: number): void {
    this.clearTimer(file);
    this.timers.set(
      file,
      setTimeout(() => {
        this.timers.delete(file);
        void this.save(file);
      }, ms),
    );
  }

  private clearTimer(file: string): void {
    clearTimeout(this.timers.get(file));
    this.timers.delete(file);
  }

  private body(file: string, text: string): string {
    return JSON.stringify({ text, base: this.versions.get(file) ?? 0 });
  }

  private init(method: string, body: string): RequestInit {
    return { method, headers: { 'Content-Type': 'application/json' }, body, credentials: 'same-origin' };
  }

  private async save(file: string): Promise<void> {
    const text = this.pending.get(file);
    if (text === undefined || this.inFlight.has(file) || this.$conflict.get()?.file === file) return;
    this.inFlight.add(file);
    this.update();
    try {
      const response = await this.http(this.url(file), this.init('PUT', this.body(file, text)));
      if (response.status === 409) {
        const server = (await response.json()) as { text: string | null; version: number };
        this.conflict(file, server.text, server.version);
        return;
      }
      if (response.status === 413 || response.status === 400) {
        this.tooLarge = true; // retrying would not help: the learner must shorten the file
        return;
      }
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const saved = response.status === 200 ? ((await response.json()) as { version?: number }) : {};
      if (saved.version !== undefined) this.versions.set(file, saved.version);
      if (this.pending.get(file) === text) this.pending.delete(file);
      this.offline = false;
      this.retryMs = this.options.retryMs[0];
    } catch {
      this.offline = true;
      this.retryLater();
    } finally {
      this.inFlight.delete(file);
      this.update();
      // Typed while the save was in flight: that text goes next.
      if (!this.offline && !this.tooLarge && this.pending.has(file) && !this.timers.has(file)) this.schedule(file, this.options.debounceMs);
    }
  }

  private retryLater(): void {
    if (this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.flush();
    }, this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, this.options.retryMs[1]);
  }

  private update(): void {
    const status: SaveStatus = !this.loaded
      ? 'loading'
      : this.$conflict.get()
        ? 'conflict'
        : this.tooLarge
          ? 'too-large'
          : this.offline
            ? 'offline'
            : this.pending.size > 0 || this.inFlight.size > 0
              ? 'saving'
              : 'saved';
    if (this.$status.get() !== status) this.$status.set(status);
  }
}
