// Instructor accounts, their sessions and failed logins, in the progress database (several
// replicas share it, so a session or a lockout holds on every one). Sessions are rows, not
// just signed cookies, so logging out ends a session everywhere at once.
import crypto from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';

export interface Instructor {
  id: string;
  email: string;
  name: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS instructors (
  id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE, name TEXT NOT NULL, password TEXT NOT NULL, created_at INTEGER NOT NULL);
-- The session id is in the cookie; only its hash is stored, so a copy of the database opens no session.
CREATE TABLE IF NOT EXISTS instructor_sessions (
  id_hash TEXT PRIMARY KEY, instructor TEXT NOT NULL, expires_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS instructor_sessions_expiry ON instructor_sessions (expires_at);
CREATE TABLE IF NOT EXISTS login_failures (key TEXT NOT NULL, at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS login_failures_key ON login_failures (key, at);
`;

const hashOf = (sessionId: string) => crypto.createHash('sha256').update(sessionId).digest('base64url');

/** Emails are compared without case or surrounding spaces. */
export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export class InstructorStore {
  private readonly db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.db = db;
    this.db.exec(SCHEMA);
  }

  /** Adds an instructor, or sets the name and password of an existing one (same email). */
  upsert(email: string, name: string, passwordHash: string): { instructor: Instructor; created: boolean } {
    const existing = this.byEmail(email);
    if (existing) {
      this.db.prepare('UPDATE instructors SET name = ?, password = ? WHERE id = ?').run(name, passwordHash, existing.instructor.id);
      // A new password ends every open session of the account.
      this.db.prepare('DELETE FROM instructor_sessions WHERE instructor = ?').run(existing.instructor.id);
      return { instructor: { ...existing.instructor, name }, created: false };
    }
    const instructor = { id: crypto.randomUUID(), email: normalizeEmail(email), name };
    this.db.prepare('INSERT INTO instructors (id, email, name, password, created_at) VALUES (?, ?, ?, ?, ?)').run(instructor.id, instructor.email, name, passwordHash, Date.now());
    return { instructor, created: true };
  }

  byEmail(email: string): { instructor: Instructor; passwordHash: string } | undefined {
    const row = this.db.prepare('SELECT id, email, name, password FROM instructors WHERE email = ?').get(normalizeEmail(email)) as
      | { id: string; email: string; name: string; password: string }
      | undefined;
    return row && { instructor: { id: row.id, email: row.email, name: row.name }, passwordHash: row.password };
  }

  /** Opens a session; returns its id (for the cookie). */
  openSession(instructor: string, lifetimeMs: number, now = Date.now()): string {
    const id = crypto.randomBytes(32).toString('base64url');
    this.db.prepare('DELETE FROM instructor_sessions WHERE expires_at < ?').run(now);
    this.db.prepare('INSERT INTO instructor_sessions (id_hash, instructor, expires_at) VALUES (?, ?, ?)').run(hashOf(id), instructor, now + lifetimeMs);
    return id;
  }

  /** The instructor of a live session. */
  sessionInstructor(sessionId: string, now = Date.now()): Instructor | undefined {
    const row = this.db
      .prepare('SELECT i.id, i.email, i.name FROM instructor_sessions s JOIN instructors i ON i.id = s.instructor WHERE s.id_hash = ? AND s.expires_at > ?')
      .get(hashOf(sessionId), now) as Instructor | undefined;
    return row && { id: row.id, email: row.email, name: row.name };
  }

  closeSession(sessionId: string): void {
    this.db.prepare('DELETE FROM instructor_sessions WHERE id_hash = ?').run(hashOf(sessionId));
  }

  /** Failed logins under `key` (an account or an address) since `since`. */
  failures(key: string, since: number): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM login_failures WHERE key = ? AND at >= ?').get(key, since) as { n: number }).n;
  }

  recordFailure(keys: readonly string[], now = Date.now(), forgetBefore = now - 24 * 3600 * 1000): void {
    const insert = this.db.prepare('INSERT INTO login_failures (key, at) VALUES (?, ?)');
    for (const key of keys) insert.run(key, now);
    this.db.prepare('DELETE FROM login_failures WHERE at < ?').run(forgetBefore);
  }

  /** A successful login forgets the account's failures (not the address's). */
  clearFailures(key: string): void {
    this.db.prepare('DELETE FROM login_failures WHERE key = ?').run(key);
  }
}
