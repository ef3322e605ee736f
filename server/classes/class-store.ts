// Classes in the progress database: who teaches which class, who joined it under which name,
// and, for members only, their recent builds and the end of their last build log (self-paced
// learners leave nothing here). A feed of numbered changes lets every replica's dashboards
// learn of a build within a poll (class-feed.ts). Deleting a class deletes all of this; the
// learners keep their own progress.
import { inTransaction } from '../progress/transaction.ts';
import crypto from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import { newClassCode } from './class-code.ts';

export interface ClassInfo {
  id: string;
  instructor: string;
  name: string;
  code: string;
  labs: string[];
  createdAt: number;
}

export interface Member {
  /** The membership's own id: what URLs and the dashboard use (never the learner's id). */
  member: string;
  learner: string;
  name: string;
  joinedAt: number;
}

export interface ClassBuild {
  lab: string;
  file: string;
  outcome: 'success' | 'failed' | 'cancelled' | 'timeout';
  imageSize: number | null;
  durationMs: number;
  /** Checkpoints of the lab that passed after this build: progress is this number going up. */
  passing: number;
  at: number;
}

export interface VerdictRow {
  lab: string;
  step: string;
  checkpoint: string;
  status: 'pass' | 'fail';
  expected: string;
  found: string;
  at: number;
}

export interface FeedEntry {
  seq: number;
  class: string;
  member: string;
  kind: 'joined' | 'left' | 'build';
}

export type JoinOutcome = { ok: true; member: Member; left?: ClassInfo } | { ok: false; reason: 'name-taken' | 'full' };

const SCHEMA = `
CREATE TABLE IF NOT EXISTS classes (
  id TEXT PRIMARY KEY, instructor TEXT NOT NULL, name TEXT NOT NULL, code TEXT NOT NULL UNIQUE, labs TEXT NOT NULL, created_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS classes_instructor ON classes (instructor);
-- One class at a time: the learner is the key.
CREATE TABLE IF NOT EXISTS class_members (
  learner TEXT PRIMARY KEY, class TEXT NOT NULL, member TEXT NOT NULL UNIQUE, name TEXT NOT NULL, name_key TEXT NOT NULL,
  joined_at INTEGER NOT NULL, UNIQUE (class, name_key));
CREATE TABLE IF NOT EXISTS class_builds (
  id INTEGER PRIMARY KEY AUTOINCREMENT, class TEXT NOT NULL, learner TEXT NOT NULL, lab TEXT NOT NULL, file TEXT NOT NULL,
  outcome TEXT NOT NULL, image_size INTEGER, duration_ms INTEGER NOT NULL, passing INTEGER NOT NULL, at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS class_builds_member ON class_builds (class, learner, lab, id);
CREATE TABLE IF NOT EXISTS class_logs (
  class TEXT NOT NULL, learner TEXT NOT NULL, lab TEXT NOT NULL, file TEXT NOT NULL, text TEXT NOT NULL, at INTEGER NOT NULL,
  PRIMARY KEY (class, learner, lab, file));
CREATE TABLE IF NOT EXISTS class_feed (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, class TEXT NOT NULL, member TEXT NOT NULL, kind TEXT NOT NULL, at INTEGER NOT NULL);
`;

/** Feed entries older than this are of no use to any dashboard (they poll every fraction of a second). */
const FEED_KEPT_MS = 3600 * 1000;

const nameKey = (name: string) => name.normalize('NFKC').toLowerCase();

type ClassRowDb = { id: string; instructor: string; name: string; code: string; labs: string; created_at: number };
const classFromRow = (r: ClassRowDb): ClassInfo => ({ id: r.id, instructor: r.instructor, name: r.name, code: r.code, labs: JSON.parse(r.labs) as string[], createdAt: r.created_at });
type MemberRowDb = { member: string; learner: string; name: string; joined_at: number };
const memberFromRow = (r: MemberRowDb): Member => ({ member: r.member, learner: r.learner, name: r.name, joinedAt: r.joined_at });

export class ClassStore {
  private readonly db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.db = db;
    this.db.exec(SCHEMA);
  }

  private transaction<T>(work: () => T): T {
    return inTransaction(this.db, work, 'IMMEDIATE');
  }

  private feed(classId: string, member: string, kind: FeedEntry['kind'], now: number): void {
    const { lastInsertRowid } = this.db.prepare('INSERT INTO class_feed (class, member, kind, at) VALUES (?, ?, ?, ?)').run(classId, member, kind, now);
    if (Number(lastInsertRowid) % 100 === 0) this.db.prepare('DELETE FROM class_feed WHERE at < ?').run(now - FEED_KEPT_MS);
  }

  createClass(instructor: string, name: string, labs: readonly string[], now = Date.now()): ClassInfo {
    const info: ClassInfo = { id: crypto.randomUUID(), instructor, name, code: newClassCode(), labs: [...labs], createdAt: now };
    this.db.prepare('INSERT INTO classes (id, instructor, name, code, labs, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(info.id, instructor, name, info.code, JSON.stringify(info.labs), now);
    return info;
  }

  classById(id: string): ClassInfo | undefined {
    const row = this.db.prepare('SELECT * FROM classes WHERE id = ?').get(id) as ClassRowDb | undefined;
    return row && classFromRow(row);
  }

  classByCode(code: string): ClassInfo | undefined {
    const row = this.db.prepare('SELECT * FROM classes WHERE code = ?').get(code) as ClassRowDb | undefined;
    return row && classFromRow(row);
  }

  /** The instructor's classes, newest first, with how many learners joined each. */
  classesOf(instructor: string): Array<ClassInfo & { members: number }> {
    const rows = this.db
      .prepare('SELECT c.*, (SELECT COUNT(*) FROM class_members m WHERE m.class = c.id) AS members FROM classes c WHERE instructor = ? ORDER BY created_at DESC, id')
      .all(instructor) as Array<ClassRowDb & { members: number }>;
    return rows.map((r) => ({ ...classFromRow(r), members: r.members }));
  }

  countClassesOf(instructor: string): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM classes WHERE instructor = ?').get(instructor) as { n: number }).n;
  }

  /** Deletes the class with its members, their class builds, logs and feed. */
  deleteClass(id: string): void {
    this.transaction(() => {
      for (const table of ['class_members', 'class_builds', 'class_logs', 'class_feed']) this.db.prepare(`DELETE FROM ${table} WHERE class = ?`).run(id);
      this.db.prepare('DELETE FROM classes WHERE id = ?').run(id);
    });
  }

  /** The learner's class, if any. */
  membership(learner: string): { member: Member; class: ClassInfo } | undefined {
    const row = this.db.prepare('SELECT member, learner, name, joined_at, class FROM class_members WHERE learner = ?').get(learner) as (MemberRowDb & { class: string }) | undefined;
    const info = row && this.classById(row.class);
    return row && info ? { member: memberFromRow(row), class: info } : undefined;
  }

  /**
   * Joins the learner to the class under `name`. A learner in another class leaves it (one
   * class at a time); rejoining the same class renames them.
   */
  join(classId: string, learner: string, name: string, maxMembers: number, now = Date.now()): JoinOutcome {
    return this.transaction((): JoinOutcome => {
      const current = this.membership(learner);
      const taken = this.db.prepare('SELECT learner FROM class_members WHERE class = ? AND name_key = ?').get(classId, nameKey(name)) as { learner: string } | undefined;
      if (taken && taken.learner !== learner) return { ok: false, reason: 'name-taken' };
      if (current?.class.id === classId) {
        this.db.prepare('UPDATE class_members SET name = ?, name_key = ? WHERE learner = ?').run(name, nameKey(name), learner);
        this.feed(classId, current.member.member, 'joined', now);
        return { ok: true, member: { ...current.member, name } };
      }
      const size = (this.db.prepare('SELECT COUNT(*) AS n FROM class_members WHERE class = ?').get(classId) as { n: number }).n;
      if (size >= maxMembers) return { ok: false, reason: 'full' };
      if (current) this.removeLearner(current.class.id, current.member, now);
      const member: Member = { member: crypto.randomBytes(12).toString('base64url'), learner, name, joinedAt: now };
      this.db
        .prepare('INSERT INTO class_members (learner, class, member, name, name_key, joined_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(learner, classId, member.member, name, nameKey(name), now);
      this.feed(classId, member.member, 'joined', now);
      return current ? { ok: true, member, left: current.class } : { ok: true, member };
    });
  }

  private removeLearner(classId: string, member: Member, now: number): void {
    for (const table of ['class_members', 'class_builds', 'class_logs']) this.db.prepare(`DELETE FROM ${table} WHERE class = ? AND learner = ?`).run(classId, member.learner);
    this.feed(classId, member.member, 'left', now);
  }

  /** The learner leaves their class; their builds and logs there go with them. */
  leave(learner: string, now = Date.now()): ClassInfo | undefined {
    return this.transaction(() => {
      const current = this.membership(learner);
      if (current) this.removeLearner(current.class.id, current.member, now);
      return current?.class;
    });
  }

  /** The instructor removes a member. False when there is no such member in the class. */
  removeMember(classId: string, memberId: string, now = Date.now()): boolean {
    return this.transaction(() => {
      const member = this.member(classId, memberId);
      if (member) this.removeLearner(classId, member, now);
      return member !== undefined;
    });
  }

  members(classId: string): Member[] {
    const rows = this.db.prepare('SELECT member, learner, name, joined_at FROM class_members WHERE class = ? ORDER BY joined_at, member').all(classId) as MemberRowDb[];
    return rows.map(memberFromRow);
  }

  member(classId: string, memberId: string): Member | undefined {
    const row = this.db.prepare('SELECT member, learner, name, joined_at FROM class_members WHERE class = ? AND member = ?').get(classId, memberId) as MemberRowDb | undefined;
    return row && memberFromRow(row);
  }

  /**
   * A finished build of a learner: kept (with the end of its log) when they are in a class, and
   * announced on the feed. Returns the class, or undefined for a learner in none.
   */
  recordBuild(learner: string, build: Omit<ClassBuild, 'passing' | 'at'>, logTail: string, limits: { buildsKept: number }, now = Date.now()): string | undefined {
    return this.transaction(() => {
      const row = this.db.prepare('SELECT class, member FROM class_members WHERE learner = ?').get(learner) as { class: string; member: string } | undefined;
      if (!row) return undefined;
      const { n: passing } = this.db.prepare("SELECT COUNT(*) AS n FROM verdicts WHERE learner = ? AND lab = ? AND status = 'pass'").get(learner, build.lab) as { n: number };
      this.db
        .prepare('INSERT INTO class_builds (class, learner, lab, file, outcome, image_size, duration_ms, passing, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(row.class, learner, build.lab, build.file, build.outcome, build.imageSize, build.durationMs, passing, now);
      this.db
        .prepare(
          `DELETE FROM class_builds WHERE class = ? AND learner = ? AND lab = ? AND id NOT IN
             (SELECT id FROM class_builds WHERE class = ? AND learner = ? AND lab = ? ORDER BY id DESC LIMIT ?)`,
        )
        .run(row.class, learner, build.lab, row.class, learner, build.lab, limits.buildsKept);
      this.db
        .prepare(
          `INSERT INTO class_logs (class, learner, lab, file, text, at) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (class, learner, lab, file) DO UPDATE SET text = excluded.text, at = excluded.at`,
        )
        .run(row.class, learner, build.lab, build.file, logTail, now);
      this.feed(row.class, row.member, 'build', now);
      return row.class;
    });
  }

  /** Builds of the class's members (or one member), newest first. */
  builds(classId: string, learner?: string): Array<ClassBuild & { learner: string }> {
    const rows = (
      learner === undefined
        ? this.db.prepare('SELECT * FROM class_builds WHERE class = ? ORDER BY id DESC').all(classId)
        : this.db.prepare('SELECT * FROM class_builds WHERE class = ? AND learner = ? ORDER BY id DESC').all(classId, learner)
    ) as Array<{ learner: string; lab: string; file: string; outcome: ClassBuild['outcome']; image_size: number | null; duration_ms: number; passing: number; at: number }>;
    return rows.map((r) => ({ learner: r.learner, lab: r.lab, file: r.file, outcome: r.outcome, imageSize: r.image_size, durationMs: r.duration_ms, passing: r.passing, at: r.at }));
  }

  /** Checkpoint verdicts (from the learners' own progress) of the class's members, or of one. */
  verdicts(classId: string, learner?: string): Array<VerdictRow & { learner: string }> {
    const where = learner === undefined ? 'learner IN (SELECT learner FROM class_members WHERE class = ?)' : 'learner = ?';
    return this.db.prepare(`SELECT learner, lab, step, checkpoint, status, expected, found, at FROM verdicts WHERE ${where}`).all(learner ?? classId) as unknown as Array<
      VerdictRow & { learner: string }
    >;
  }

  /** The end of the member's last build log of each lab file. */
  logs(classId: string, learner: string): Array<{ lab: string; file: string; text: string; at: number }> {
    return this.db.prepare('SELECT lab, file, text, at FROM class_logs WHERE class = ? AND learner = ? ORDER BY lab, file').all(classId, learner) as Array<{
      lab: string;
      file: string;
      text: string;
      at: number;
    }>;
  }

  /** The newest feed position: a dashboard that opens now follows from here. */
  feedHead(): number {
    return Number((this.db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM class_feed').get() as { seq: number }).seq);
  }

  /** Changes after `seq`, oldest first (at most `limit`). */
  feedAfter(seq: number, limit = 1000): FeedEntry[] {
    return this.db.prepare('SELECT seq, class, member, kind FROM class_feed WHERE seq > ? ORDER BY seq LIMIT ?').all(seq, limit) as unknown as FeedEntry[];
  }
}
