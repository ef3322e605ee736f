// The progress store: each anonymous learner's drafts, latest build per editor file, and
// checkpoint verdicts, in an embedded SQLite database (node:sqlite). It is the only state the
// server keeps, so any replica can serve any learner.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { inTransaction } from './transaction.ts';
import { DatabaseSync } from 'node:sqlite';
import type { Verdict } from '../../shared/checkpoint-schema.ts';

export interface StoredBuild {
  ok: boolean;
  imageSize: number | null;
  stages: number;
  durationMs: number;
  at: number;
}

export type DraftSave = { ok: true; version: number } | { ok: false; text: string | null; version: number };

export interface LabProgress {
  drafts: Record<string, string>;
  /** Version of each draft: a save names the version it started from (a second tab's is detected). */
  draftVersions: Record<string, number>;
  builds: Record<string, StoredBuild>;
  /** step id -> checkpoint id -> latest verdict */
  verdicts: Record<string, Record<string, Verdict & { at: number }>>;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS drafts (
  learner TEXT NOT NULL, lab TEXT NOT NULL, file TEXT NOT NULL, text TEXT NOT NULL, updated_at INTEGER NOT NULL,
  PRIMARY KEY (learner, lab, file));
CREATE TABLE IF NOT EXISTS builds (
  learner TEXT NOT NULL, lab TEXT NOT NULL, file TEXT NOT NULL, ok INTEGER NOT NULL, image_size INTEGER,
  stages INTEGER NOT NULL, duration_ms INTEGER NOT NULL, at INTEGER NOT NULL,
  PRIMARY KEY (learner, lab, file));
CREATE TABLE IF NOT EXISTS verdicts (
  learner TEXT NOT NULL, lab TEXT NOT NULL, step TEXT NOT NULL, checkpoint TEXT NOT NULL, status TEXT NOT NULL,
  expected TEXT NOT NULL, found TEXT NOT NULL, at INTEGER NOT NULL,
  PRIMARY KEY (learner, lab, step, checkpoint));
CREATE TABLE IF NOT EXISTS learners (id TEXT PRIMARY KEY, first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS learners_last_seen ON learners (last_seen);
-- Learners from before this table: seen when they last saved a draft.
INSERT OR IGNORE INTO learners (id, first_seen, last_seen) SELECT learner, MIN(updated_at), MAX(updated_at) FROM drafts GROUP BY learner;
`;

/** Learners unseen since the cutoff who never recorded a build: anonymous visitors to forget. */
const EXPIRED = 'SELECT id FROM learners WHERE last_seen < ? AND NOT EXISTS (SELECT 1 FROM builds WHERE builds.learner = learners.id)';
/** Of those, the ones who never saved a draft either: nothing of theirs is kept but the row. */
const UNUSED = `${EXPIRED} AND NOT EXISTS (SELECT 1 FROM drafts WHERE drafts.learner = learners.id)`;

export class ProgressStore {
  private readonly db: DatabaseSync;

  constructor(file: string) {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
    this.db = new DatabaseSync(file);
    // WAL lets several server processes (replicas, the dev server) share the file.
    this.db.exec('PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;');
    this.db.exec(SCHEMA);
    this.addDraftVersions();
  }

  /** Databases from before draft versions get the column (every existing draft at version 1). */
  private addDraftVersions(): void {
    const columns = this.db.prepare('PRAGMA table_info(drafts)').all() as Array<{ name: string }>;
    if (!columns.some((c) => c.name === 'version')) this.db.exec('ALTER TABLE drafts ADD COLUMN version INTEGER NOT NULL DEFAULT 1');
  }

  /** The key that signs learner cookies: made once, kept with the data it protects. */
  signingSecret(): string {
    const insert = this.db.prepare('INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)');
    insert.run('cookie-secret', crypto.randomBytes(32).toString('hex'));
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get('cookie-secret') as { value: string };
    return row.value;
  }

  /** Notes that a learner came by (loaded progress, saved a draft): expiry counts from the last time. */
  seen(learner: string, at = Date.now()): void {
    this.db
      .prepare('INSERT INTO learners (id, first_seen, last_seen) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET last_seen = MAX(last_seen, excluded.last_seen)')
      .run(learner, at, at);
  }

  /** Whether the learner ever recorded a build: such learners are kept. */
  hasBuilt(learner: string): boolean {
    return this.db.prepare('SELECT 1 FROM builds WHERE learner = ? LIMIT 1').get(learner) !== undefined;
  }

  /**
   * Forgets learners who never built anything and were not seen since `before` (ms since the
   * epoch), with their drafts and verdicts. Returns how many were forgotten.
   */
  purgeAnonymous(before: number): number {
    return this.transaction(() => {
      this.db.prepare(`DELETE FROM drafts WHERE learner IN (${EXPIRED})`).run(before);
      this.db.prepare(`DELETE FROM verdicts WHERE learner IN (${EXPIRED})`).run(before);
      return Number(this.db.prepare(`DELETE FROM learners WHERE id IN (${EXPIRED})`).run(before).changes);
    });
  }

  /**
   * Forgets learners who neither built nor saved a draft and were not seen since `before`:
   * a page load costs a row, so these go much sooner than learners with drafts. There is
   * nothing else of theirs to delete. Returns how many were forgotten.
   */
  purgeUnused(before: number): number {
    return Number(this.db.prepare(`DELETE FROM learners WHERE id IN (${UNUSED})`).run(before).changes);
  }

  private transaction<T>(work: () => T): T {
    return inTransaction(this.db, work);
  }

  /**
   * Saves a draft as the next version. With `base` (the version the page started from; 0 for
   * none), a draft saved since then by another tab is not overwritten: the answer carries the
   * stored text and version instead, for the learner to choose.
   */
  saveDraft(learner: string, lab: string, file: string, text: string, base?: number): DraftSave {
    return this.transaction(() => {
      const stored = this.db.prepare('SELECT text, version FROM drafts WHERE learner = ? AND lab = ? AND file = ?').get(learner, lab, file) as
        | { text: string; version: number }
        | undefined;
      const current = stored?.version ?? 0;
      if (base !== undefined && base !== current) return { ok: false, text: stored?.text ?? null, version: current };
      this.db
        .prepare(
          `INSERT INTO drafts (learner, lab, file, text, updated_at, version) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (learner, lab, file) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at, version = excluded.version`,
        )
        .run(learner, lab, file, text, Date.now(), current + 1);
      return { ok: true, version: current + 1 };
    });
  }

  deleteDraft(learner: string, lab: string, file: string): void {
    this.db.prepare('DELETE FROM drafts WHERE learner = ? AND lab = ? AND file = ?').run(learner, lab, file);
  }

  recordBuild(learner: string, lab: string, file: string, build: Omit<StoredBuild, 'at'>): void {
    this.db
      .prepare(
        `INSERT INTO builds (learner, lab, file, ok, image_size, stages, duration_ms, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (learner, lab, file) DO UPDATE SET ok = excluded.ok, image_size = excluded.image_size,
           stages = excluded.stages, duration_ms = excluded.duration_ms, at = excluded.at`,
      )
      .run(learner, lab, file, build.ok ? 1 : 0, build.imageSize, build.stages, build.durationMs, Date.now());
  }

  /** Latest successful image size per file: the baseline for relative-size checkpoints. */
  sizes(learner: string, lab: string): Record<string, number> {
    const rows = this.db.prepare('SELECT file, image_size FROM builds WHERE learner = ? AND lab = ? AND ok = 1 AND image_size IS NOT NULL').all(learner, lab) as Array<{
      file: string;
      image_size: number;
    }>;
    return Object.fromEntries(rows.map((r) => [r.file, r.image_size]));
  }

  recordVerdicts(learner: string, lab: string, steps: ReadonlyArray<{ step: string; checkpoints: readonly Verdict[] }>): void {
    const upsert = this.db.prepare(
      `INSERT INTO verdicts (learner, lab, step, checkpoint, status, expected, found, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (learner, lab, step, checkpoint) DO UPDATE SET status = excluded.status, expected = excluded.expected,
         found = excluded.found, at = excluded.at`,
    );
    const at = Date.now();
    this.transaction(() => {
      for (const { step, checkpoints } of steps) {
        for (const v of checkpoints) upsert.run(learner, lab, step, v.id, v.status, v.expected, v.found, at);
      }
    });
  }

  progress(learner: string, lab: string): LabProgress {
    const drafts = this.db.prepare('SELECT file, text, version FROM drafts WHERE learner = ? AND lab = ?').all(learner, lab) as Array<{ file: string; text: string; version: number }>;
    const builds = this.db
      .prepare('SELECT file, ok, image_size, stages, duration_ms, at FROM builds WHERE learner = ? AND lab = ?')
      .all(learner, lab) as Array<{ file: string; ok: number; image_size: number | null; stages: number; duration_ms: number; at: number }>;
    const verdicts = this.db
      .prepare('SELECT step, checkpoint, status, expected, found, at FROM verdicts WHERE learner = ? AND lab = ?')
      .all(learner, lab) as Array<{ step: string; checkpoint: string; status: 'pass' | 'fail'; expected: string; found: string; at: number }>;
    const byStep: LabProgress['verdicts'] = {};
    for (const v of verdicts) {
      (byStep[v.step] ??= {})[v.checkpoint] = { id: v.checkpoint, status: v.status, expected: v.expected, found: v.found, at: v.at };
    }
    return {
      drafts: Object.fromEntries(drafts.map((d) => [d.file, d.text])),
      draftVersions: Object.fromEntries(drafts.map((d) => [d.file, d.version])),
      builds: Object.fromEntries(builds.map((b) => [b.file, { ok: b.ok === 1, imageSize: b.image_size, stages: b.stages, durationMs: b.duration_ms, at: b.at }])),
      verdicts: byStep,
    };
  }

  /**
   * The id of the group of server processes that share this database. Engines may be shared
   * with other groups (test runs, a second checkout): the janitor leaves their work alone.
   */
  fleetId(): string {
    this.db.prepare('INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)').run('fleet-id', crypto.randomUUID());
    return (this.db.prepare('SELECT value FROM settings WHERE key = ?').get('fleet-id') as { value: string }).value;
  }

  /** Records that a server process is alive (replicas share engines; see engine/janitor.ts). */
  beatReplica(replica: string, now = Date.now()): void {
    this.db.exec('CREATE TABLE IF NOT EXISTS replicas (id TEXT PRIMARY KEY, seen_at INTEGER NOT NULL)');
    this.db.prepare('INSERT INTO replicas (id, seen_at) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET seen_at = excluded.seen_at').run(replica, now);
    this.db.prepare('DELETE FROM replicas WHERE seen_at < ?').run(now - 24 * 3600 * 1000);
  }

  /** When each server process of this database last beat (those seen within a day). */
  replicasSeen(): Map<string, number> {
    this.db.exec('CREATE TABLE IF NOT EXISTS replicas (id TEXT PRIMARY KEY, seen_at INTEGER NOT NULL)');
    const rows = this.db.prepare('SELECT id, seen_at FROM replicas').all() as Array<{ id: string; seen_at: number }>;
    return new Map(rows.map((r) => [r.id, r.seen_at]));
  }

  /** Throws when the database cannot be written (disk full, locked, read-only): for /api/health. */
  checkWritable(): void {
    this.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run('health-check', String(Date.now()));
  }

  /**
   * The database itself, for the stores of other concerns that keep their own tables in it
   * (classes, instructors: server/classes, server/instructors), so one file holds all state.
   */
  database(): DatabaseSync {
    return this.db;
  }

  close(): void {
    this.db.close();
  }
}
