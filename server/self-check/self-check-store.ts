// Each learner's answers to the lessons' self-checks: the choice they picked per question, so
// the page shows it, right or not, with its explanation, on any later visit. Kept in the
// progress database. A reader who never builds is forgotten by the progress store within hours,
// but their cookie (and id) lives for the anonymous lifetime: their answers wait that long.
import type { DatabaseSync } from 'node:sqlite';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS self_check_answers (
  learner TEXT NOT NULL, lesson TEXT NOT NULL, question TEXT NOT NULL, choice INTEGER NOT NULL, at INTEGER NOT NULL,
  PRIMARY KEY (learner, lesson, question));
`;

export class SelfCheckStore {
  private readonly db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.db = db;
    this.db.exec(SCHEMA);
  }

  answer(learner: string, lesson: string, question: string, choice: number, at = Date.now()): void {
    this.db
      .prepare(
        `INSERT INTO self_check_answers (learner, lesson, question, choice, at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (learner, lesson, question) DO UPDATE SET choice = excluded.choice, at = excluded.at`,
      )
      .run(learner, lesson, question, choice, at);
  }

  /** question id -> the choice picked */
  answers(learner: string, lesson: string): Record<string, number> {
    const rows = this.db.prepare('SELECT question, choice FROM self_check_answers WHERE learner = ? AND lesson = ?').all(learner, lesson) as Array<{ question: string; choice: number }>;
    return Object.fromEntries(rows.map((r) => [r.question, r.choice]));
  }

  /** Drops answers older than `before` of learners the progress store no longer has; returns how many. */
  dropForgotten(before: number): number {
    return Number(this.db.prepare('DELETE FROM self_check_answers WHERE at < ? AND learner NOT IN (SELECT id FROM learners)').run(before).changes);
  }
}
