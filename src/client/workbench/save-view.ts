// The drafts' save state under the toolbar (saved, saving, offline...), and the choice the
// learner makes when another tab saved the same file.
import type { DraftSync } from '../lab/draft-sync.ts';
import type { Announcer } from './announcer.ts';

type Strings = typeof import('../../strings.ts').strings.workbench;

export interface SaveUi {
  status: HTMLElement;
  conflict: HTMLElement;
  conflictText: HTMLElement;
  takeTheirs: HTMLButtonElement;
  keepMine: HTMLButtonElement;
}

export function wireSaveView(ui: SaveUi, drafts: DraftSync, strings: Strings, announcer: Announcer, loadFailures: { subscribe(cb: (n: number) => void): unknown }, editorText: (file: string) => string, replace: (file: string, text: string | null) => void): void {
  let failures = 0;
  const show = () => {
    const status = drafts.$status.get();
    ui.status.dataset.save = status;
    ui.status.textContent = status === 'loading' && failures > 0 ? strings.save.retrying : strings.save[status];
  };
  drafts.$status.subscribe((status, previous) => {
    show();
    // Troubles are said once; saved/saving come and go with every pause in typing.
    if ((status === 'offline' || status === 'too-large') && status !== previous) announcer.say(strings.save[status]);
  });
  loadFailures.subscribe((n) => {
    failures = n;
    show();
  });
  drafts.$conflict.subscribe((conflict) => {
    ui.conflict.hidden = !conflict;
    if (!conflict) return;
    ui.conflictText.textContent = strings.conflict.replace('{file}', conflict.file);
    announcer.say(ui.conflictText.textContent);
  });
  ui.keepMine.addEventListener('click', () => {
    const conflict = drafts.$conflict.get();
    if (conflict) drafts.resolve('mine', editorText(conflict.file));
  });
  ui.takeTheirs.addEventListener('click', () => {
    const conflict = drafts.$conflict.get();
    if (!conflict) return;
    const theirs = drafts.resolve('theirs', editorText(conflict.file));
    replace(conflict.file, theirs ?? null);
  });
}
