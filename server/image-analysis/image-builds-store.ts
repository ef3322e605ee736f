// Every successful build's image size and time, per learner, lab and editor file, with a
// summary of its analysis once there is one: the page's size history, and what is left of an
// analysis after the full one has left the server's memory. Kept in the progress database.
import type { DatabaseSync } from 'node:sqlite';
import { analysisSummarySchema, type AnalysisSummary, type SizeHistoryEntry } from '../../shared/image-analysis/schema.ts';

/** Builds kept per learner, lab and file: a chart of more says nothing more. */
export const HISTORY_PER_FILE = 100;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS image_builds (
  build_id TEXT PRIMARY KEY, learner TEXT NOT NULL, lab TEXT NOT NULL, file TEXT NOT NULL, target TEXT,
  image_size INTEGER NOT NULL, at INTEGER NOT NULL, summary TEXT);
CREATE INDEX IF NOT EXISTS image_builds_by_file ON image_builds (learner, lab, file, at);
`;

export interface ImageBuild {
  buildId: string;
  learner: string;
  lab: string;
  file: string;
  target?: string;
  imageSize: number;
  at: number;
}

interface Row {
  build_id: string;
  learner: string;
  lab: string;
  file: string;
  target: string | null;
  image_size: number;
  at: number;
  summary: string | null;
}

function summaryOf(text: string | null): AnalysisSummary | undefined {
  if (text === null) return undefined;
  const parsed = analysisSummarySchema.safeParse(JSON.parse(text));
  return parsed.success ? parsed.data : undefined;
}

export class ImageBuildsStore {
  private readonly db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.db = db;
    this.db.exec(SCHEMA);
  }

  /** Notes a successful build; the oldest beyond HISTORY_PER_FILE of that file are forgotten. */
  record(build: ImageBuild): void {
    this.db
      .prepare('INSERT OR REPLACE INTO image_builds (build_id, learner, lab, file, target, image_size, at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(build.buildId, build.learner, build.lab, build.file, build.target ?? null, build.imageSize, build.at);
    this.db
      .prepare(
        `DELETE FROM image_builds WHERE learner = ? AND lab = ? AND file = ? AND build_id NOT IN
           (SELECT build_id FROM image_builds WHERE learner = ? AND lab = ? AND file = ? ORDER BY at DESC LIMIT ?)`,
      )
      .run(build.learner, build.lab, build.file, build.learner, build.lab, build.file, HISTORY_PER_FILE);
  }

  /** Keeps the summary of a recorded build's analysis. */
  summarize(buildId: string, summary: AnalysisSummary): void {
    this.db.prepare('UPDATE image_builds SET summary = ? WHERE build_id = ?').run(JSON.stringify(summary), buildId);
  }

  /** One build of this learner (undefined for another learner's), with its summary when there is one. */
  build(learner: string, buildId: string): (ImageBuild & { summary?: AnalysisSummary }) | undefined {
    const row = this.db.prepare('SELECT * FROM image_builds WHERE build_id = ? AND learner = ?').get(buildId, learner) as Row | undefined;
    if (!row) return undefined;
    const summary = summaryOf(row.summary);
    return {
      buildId: row.build_id,
      learner: row.learner,
      lab: row.lab,
      file: row.file,
      ...(row.target !== null && { target: row.target }),
      imageSize: row.image_size,
      at: row.at,
      ...(summary && { summary }),
    };
  }

  /** The learner's successful builds of a lab, per file, oldest first. */
  history(learner: string, lab: string): Map<string, SizeHistoryEntry[]> {
    const rows = this.db.prepare('SELECT * FROM image_builds WHERE learner = ? AND lab = ? ORDER BY at, build_id').all(learner, lab) as unknown as Row[];
    const byFile = new Map<string, SizeHistoryEntry[]>();
    for (const row of rows) {
      const summary = summaryOf(row.summary);
      const entry: SizeHistoryEntry = {
        buildId: row.build_id,
        at: row.at,
        imageSize: row.image_size,
        ...(row.target !== null && { target: row.target }),
        ...(summary && { wastedBytes: summary.wastedBytes, efficiency: summary.efficiency }),
      };
      const list = byFile.get(row.file);
      if (list) list.push(entry);
      else byFile.set(row.file, [entry]);
    }
    return byFile;
  }
}
