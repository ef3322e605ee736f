// What an instructor may read of one member, read-only: for each lab of the class, each file's
// current draft (or the starter, when they never changed it) and the end of its last build log.
import type { Lab } from '../labs/lab-registry.ts';
import type { ProgressStore } from '../progress/progress-store.ts';
import type { ClassInfo, ClassStore, Member } from './class-store.ts';
import { dashboardRow } from './dashboard.ts';

export interface LearnerFile {
  file: string;
  label: string;
  text: string;
  /** True when the learner never changed it: the text is the starter. */
  starter: boolean;
  /** False for a file that is sent with builds but not built itself (.dockerignore): it has no log. */
  buildable: boolean;
  log?: { text: string; at: number };
}

export interface LearnerDetail {
  member: string;
  name: string;
  joinedAt: number;
  row: ReturnType<typeof dashboardRow>;
  labs: Array<{ lab: string; title: string; files: LearnerFile[] }>;
}

export function learnerDetail(store: ClassStore, progress: ProgressStore, info: ClassInfo, member: Member, labs: ReadonlyMap<string, Lab>): LearnerDetail {
  const logs = store.logs(info.id, member.learner);
  return {
    member: member.member,
    name: member.name,
    joinedAt: member.joinedAt,
    row: dashboardRow(store, info, member, labs),
    labs: info.labs.flatMap((id) => {
      const lab = labs.get(id);
      if (!lab) return [];
      const { drafts } = progress.progress(member.learner, id);
      const files = lab.definition.editors.map((editor): LearnerFile => {
        const log = logs.find((l) => l.lab === id && l.file === editor.file);
        const draft = drafts[editor.file];
        return {
          file: editor.file,
          label: editor.label,
          text: draft ?? lab.starters[editor.file] ?? '',
          starter: draft === undefined,
          buildable: editor.buildable,
          ...(log && { log: { text: log.text, at: log.at } }),
        };
      });
      return [{ lab: id, title: lab.definition.title, files }];
    }),
  };
}
