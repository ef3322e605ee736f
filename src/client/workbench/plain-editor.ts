// The plain editor: a textarea, for phones and tablets (Monaco does not support mobile
// browsers) and wherever Monaco cannot run. The same Dockerfile checks run after typing
// pauses; their findings show in the Problems list, which also takes the learner to the line.
// The checks (the language service, three quarters of this editor's code) load after the
// textarea is up: on a phone's network the learner can type a second or more sooner.
import type { LintFix } from '../../../shared/lint/lint-types.ts';
import type { Problem } from './dockerfile-language.ts';
import { DIAGNOSE_DELAY_MS, isDockerfile, type LabEditor } from './lab-editor.ts';
import { checksUnavailable, latePart } from './late-part.ts';
import { applyEdits, offsetAt } from './text-edits.ts';

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}

export function createPlainEditor(container: HTMLElement, files: Record<string, string>, first: string): LabEditor {
  const texts = new Map(Object.entries(files));
  const problems = new Map<string, Problem[]>();
  const changeListeners: Array<(file: string, text: string) => void> = [];
  const problemListeners: Array<(file: string, problems: Problem[]) => void> = [];
  let active = first;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const area = element('textarea', 'wb-plain-editor');
  // Phones would otherwise capitalise FROM lines and "correct" image names.
  Object.assign(area, { spellcheck: false, autocapitalize: 'off', autocomplete: 'off', wrap: 'off' });
  area.setAttribute('autocorrect', 'off');
  area.value = texts.get(first) ?? '';
  container.replaceChildren(area);

  const checks = latePart(() => import('./dockerfile-language.ts'));
  const report = (file: string, found: Problem[]) => {
    problems.set(file, found);
    problemListeners.forEach((l) => l(file, found));
  };
  const check = (file: string) => {
    if (!isDockerfile(file)) return;
    checks.then(
      ({ diagnose }) => report(file, diagnose(texts.get(file) ?? '')),
      () => report(file, checksUnavailable()),
    );
  };
  for (const file of texts.keys()) check(file);

  area.addEventListener('input', () => {
    texts.set(active, area.value);
    changeListeners.forEach((l) => l(active, area.value));
    clearTimeout(timer);
    const file = active;
    timer = setTimeout(() => check(file), DIAGNOSE_DELAY_MS);
  });

  const setText = (file: string, text: string) => {
    texts.set(file, text);
    if (file === active) area.value = text;
    check(file);
  };

  return {
    show(file, label) {
      active = file;
      area.value = texts.get(file) ?? '';
      area.setAttribute('aria-label', label);
    },
    value: (file) => texts.get(file) ?? '',
    setValue: setText,
    diff(box, original, modified, labels) {
      const side = (title: string, text: string) => {
        const figure = element('figure', 'wb-plain-diff-side');
        figure.append(element('figcaption', '', title), element('pre', '', text));
        return figure;
      };
      const view = element('div', 'wb-plain-diff');
      view.append(side(labels.original, original), side(labels.modified, modified));
      box.replaceChildren(view);
      return () => view.remove();
    },
    onChange: (listener) => void changeListeners.push(listener),
    onBuildShortcut: () => undefined, // the workbench's own Ctrl+Enter handler hears the textarea
    onProblems: (listener) => void problemListeners.push(listener),
    problems: (file) => problems.get(file) ?? [],
    reveal(file, line, column) {
      if (file !== active) return;
      const offset = offsetAt(area.value, { line: line - 1, character: column - 1 });
      area.focus();
      area.setSelectionRange(offset, offset);
      // Bring the line into view: a textarea scrolls to the caret only while typing.
      const lineHeight = parseFloat(getComputedStyle(area).lineHeight) || 20;
      area.scrollTop = Math.max(0, (line - 3) * lineHeight);
    },
    applyFix(file: string, fix: LintFix) {
      const text = applyEdits(texts.get(file) ?? '', fix.edits);
      setText(file, text);
      changeListeners.forEach((l) => l(file, text));
    },
    setTheme: () => undefined, // the textarea follows the page's colours
    focus: () => area.focus(),
  };
}
