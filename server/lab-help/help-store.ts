// Per learner and lab: challenge mode on or off, failed build attempts per step, and how many
// hints of each checkpoint they revealed. Kept in the progress database (one file holds all
// state), in tables of its own. A learner who never built or saved a draft is forgotten by
// the progress store within hours, but their cookie (and id) lives on for the anonymous
// lifetime: their rows wait that long for them to come back (dropForgotten).
import type { DatabaseSync } from 'node:sqlite';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS lab_modes (learner TEXT NOT NULL, lab TEXT NOT NULL, challenge INTEGER NOT NULL, at INTEGER NOT NULL, PRIMARY KEY (learner, lab));
CREATE TABLE IF NOT EXISTS step_failures (learner TEXT NOT NULL, lab TEXT NOT NULL, step TEXT NOT NULL, failures INTEGER NOT NULL, at INTEGER NOT NULL, PRIMARY KEY (learner, lab, step));
CREATE TABLE IF NOT EXISTS hint_reveals (
  learner TEXT NOT NULL, lab TEXT NOT NULL, step TEXT NOT NULL, checkpoint TEXT NOT NULL, shown INTEGER NOT NULL, at INTEGER NOT NULL,
  PRIMARY KEY (learner, lab, step, checkpoint));
`;

export interface LabHelpState {
  challenge: boolean;
  /** step id -> failed builds of it */
  failures: Record<string, number>;
  /** "step/checkpoint" -> hints revealed */
  hintsShown: Record<string, number>;
}

export class HelpStore {
  private readonly db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.db = db;
    this.db.exec(SCHEMA);
  }

  setChallenge(learner: string, lab: string, on: boolean, at = Date.now()): void {
    this.db
      .prepare('INSERT INTO lab_modes (learner, lab, challenge, at) VALUES (?, ?, ?, ?) ON CONFLICT (learner, lab) DO UPDATE SET challenge = excluded.challenge, at = excluded.at')
      .run(learner, lab, on ? 1 : 0, at);
  }

  recordFailure(learner: string, lab: string, step: string, at = Date.now()): void {
    this.db
      .prepare('INSERT INTO step_failures (learner, lab, step, failures, at) VALUES (?, ?, ?, 1, ?) ON CONFLICT (learner, lab, step) DO UPDATE SET failures = failures + 1, at = excluded.at')
      .run(learner, lab, step, at);
  }

  /** Reveals one more hint (at most `total`); returns how many are revealed now. */
  revealHint(learner: string, lab: string, step: string, checkpoint: string, total: number, at = Date.now()): number {
    this.db
      .prepare(
        `INSERT INTO hint_reveals (learner, lab, step, checkpoint, shown, at) VALUES (?, ?, ?, ?, MIN(1, ?), ?)
         ON CONFLICT (learner, lab, step, checkpoint) DO UPDATE SET shown = MIN(shown + 1, ?), at = excluded.at`,
      )
      .run(learner, lab, step, checkpoint, total, at, total);
    const row = this.db.prepare('SELECT shown FROM hint_reveals WHERE learner = ? AND lab = ? AND step = ? AND checkpoint = ?').get(learner, lab, step, checkpoint) as { shown: number };
    return row.shown;
  }

  state(learner: string, lab: string): LabHelpState {
    const mode = this.db.prepare('SELECT challenge FROM lab_modes WHERE learner = ? AND lab = ?').get(learner, lab) as { challenge: number } | undefined;
    const failures = this.db.prepare('SELECT step, failures FROM step_failures WHERE learner = ? AND lab = ?').all(learner, lab) as Array<{ step: string; failures: number }>;
    const shown = this.db.prepare('SELECT step, checkpoint, shown FROM hint_reveals WHERE learner = ? AND lab = ?').all(learner, lab) as Array<{ step: string; checkpoint: string; shown: number }>;
    return {
      challenge: mode?.challenge === 1,
      failures: Object.fromEntries(failures.map((f) => [f.step, f.failures])),
      hintsShown: Object.fromEntries(shown.map((h) => [`${h.step}/${h.checkpoint}`, h.shown])),
    };
  }

  /** Drops rows older than `before` of learners the progress store no longer has; returns how many. */
  dropForgotten(before: number): number {
    let dropped = 0;
    for (const table of ['lab_modes', 'step_failures', 'hint_reveals']) {
      dropped += Number(this.db.prepare(`DELETE FROM ${table} WHERE at < ? AND learner NOT IN (SELECT id FROM learners)`).run(before).changes);
    }
    return dropped;
  }
}
