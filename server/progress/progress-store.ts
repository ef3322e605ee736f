// The progress store: each anonymous learner's drafts, latest build per editor file, and
// checkpoint verdicts, in an embedded SQLite database (node:sqlite). It is the only state the
// server keeps, so any replica can serve any learner.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { Verdict } from '../../shared/checkpoint-schema.ts';

export interface StoredBuild {
  ok: boolean;
  imageSize: number | null;
  stages: number;
  durationMs: number;
  at: number;
}

export interface LabProgress {
  drafts: Record<string, string>;
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
`;

export class ProgressStore {
  private readonly db: DatabaseSync;

  constructor(file: string) {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
    this.db = new DatabaseSync(file);
    // WAL lets several server processes (replicas, the dev server) share the file.
    this.db.exec('PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;');
    this.db.exec(SCHEMA);
  }

  /** The key that signs learner cookies: made once, kept with the data it protects. */
  signingSecret(): string {
    const insert = this.db.prepare('INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)');
    insert.run('cookie-secret', crypto.randomBytes(32).toString('hex'));
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get('cookie-secret') as { value: string };
    return row.value;
  }

  saveDraft(learner: string, lab: string, file: string, text: string): void {
    this.db
      .prepare(
        `INSERT INTO drafts (learner, lab, file, text, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (learner, lab, file) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at`,
      )
      .run(learner, lab, file, text, Date.now());
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
    this.db.exec('BEGIN');
    try {
      for (const { step, checkpoints } of steps) {
        for (const v of checkpoints) upsert.run(learner, lab, step, v.id, v.status, v.expected, v.found, at);
      }
      this.db.exec('COMMIT');
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    }
  }

  progress(learner: string, lab: string): LabProgress {
    const drafts = this.db.prepare('SELECT file, text FROM drafts WHERE learner = ? AND lab = ?').all(learner, lab) as Array<{ file: string; text: string }>;
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
      builds: Object.fromEntries(builds.map((b) => [b.file, { ok: b.ok === 1, imageSize: b.image_size, stages: b.stages, durationMs: b.duration_ms, at: b.at }])),
      verdicts: byStep,
    };
  }

  close(): void {
    this.db.close();
  }
}
