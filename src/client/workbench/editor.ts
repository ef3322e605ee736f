// Monaco, self-hosted, in three parts so the editor takes keys as soon as its core is in: the
// core editor (editor.api) with the Dockerfile grammar, about 580 KB gzip (bench/workbench.ts);
// then, fetched right behind it, Monaco's features (monaco-features.ts) and the Dockerfile
// language service (dockerfile-language.ts); the diff editor only when the Solution dialog shows
// a diff (monaco-diff-editor.ts). Parts of the core the site never runs are left out at build
// time (monaco-unused-parts.ts). Its worker is bundled by Vite. Loaded only where it is
// supported (desktops); phones get plain-editor.ts.
import * as monaco from 'monaco-editor/editor';
import 'monaco-editor/languages/definitions/dockerfile/register';
// Ctrl+M (Ctrl+Shift+M on macOS): Tab moves focus instead of indenting, so the editor is no
// keyboard trap. In the core: a keyboard user needs it from the first key.
import 'monaco-editor/features/toggleTabFocusMode/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import type { Theme } from '../theme.ts';
import { DIAGNOSE_DELAY_MS, isDockerfile, type LabEditor } from './lab-editor.ts';
import type { Problem } from './dockerfile-language.ts';
import { checksUnavailable, latePart } from './late-part.ts';
import { strings } from '../../strings.ts';

self.MonacoEnvironment = { getWorker: () => new EditorWorker() };
let featuresIn = false;
// Without its features the editor still edits (no hover, completion or quick fixes).
const features = latePart(() => import('./monaco-features.ts')).then(() => void (featuresIn = true));
const language = latePart(() => import('./dockerfile-language.ts')).then((service) => {
  service.registerDockerfileLanguage(monaco);
  return service;
});

// Monaco's own themes, with the colours that fall under WCAG AA contrast (4.5:1) darkened or
// lightened: comments on the dark theme, line numbers (and the dimmed one after a final
// newline) on both.
monaco.editor.defineTheme('mslab-light', {
  base: 'vs',
  inherit: true,
  rules: [],
  colors: { 'editorLineNumber.foreground': '#6e7781', 'editorLineNumber.dimmedForeground': '#6e7781' },
});
monaco.editor.defineTheme('mslab-dark', {
  base: 'vs-dark',
  inherit: true,
  rules: [{ token: 'comment', foreground: '8fb57f' }],
  colors: { 'editorLineNumber.foreground': '#9198a1', 'editorLineNumber.dimmedForeground': '#9198a1' },
});
const monacoTheme = (theme: Theme) => (theme === 'dark' ? 'mslab-dark' : 'mslab-light');

/** `lab` scopes the editor's models: Monaco's models are page-wide, and two labs may both have a Dockerfile. */
export function createEditor(container: HTMLElement, lab: string, files: Record<string, string>, first: string, theme: Theme): LabEditor {
  const models = new Map(
    Object.entries(files).map(([file, text]) => [file, monaco.editor.createModel(text, isDockerfile(file) ? 'dockerfile' : 'plaintext', monaco.Uri.parse(`inmemory://${lab}/${file}`))]),
  );
  const reducedMotion = matchMedia('(prefers-reduced-motion: reduce)').matches;
  const options: monaco.editor.IStandaloneEditorConstructionOptions = {
    theme: monacoTheme(theme),
    automaticLayout: true,
    minimap: { enabled: false },
    fontSize: 14,
    lineNumbersMinChars: 3,
    scrollBeyondLastLine: false,
    tabSize: 2,
    renderWhitespace: 'selection',
    cursorBlinking: reducedMotion ? 'solid' : 'blink',
    smoothScrolling: false,
    folding: false,
    accessibilitySupport: 'auto',
  };
  const buildActions: Array<() => void> = [];
  const mount = (model: monaco.editor.ITextModel | null) => {
    container.replaceChildren();
    const created = monaco.editor.create(container, { ...options, model });
    for (const action of buildActions) created.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, action);
    return created;
  };
  let editor = mount(models.get(first) ?? null);
  // Monaco gives an editor the features registered when it is created: once they are in, the
  // editor is created again on the same model (text and undo history are the model's), with
  // its cursor, scroll and focus, in one task (nothing is drawn in between).
  // Not in the middle of a composition (an input method, a dead key): it would be lost.
  if (!featuresIn) {
    const recreate = () => {
      const state = editor.saveViewState();
      const focused = editor.hasTextFocus();
      const model = editor.getModel();
      editor.dispose();
      editor = mount(model);
      if (state) editor.restoreViewState(state);
      if (focused) editor.focus();
    };
    let composing = false;
    let arrived = false;
    const compositions = [
      editor.onDidCompositionStart(() => (composing = true)),
      editor.onDidCompositionEnd(() => {
        composing = false;
        if (arrived) swap();
      }),
    ];
    const swap = () => {
      compositions.forEach((c) => c.dispose());
      recreate();
    };
    features.then(() => {
      arrived = true;
      if (!composing) swap();
    }, () => undefined);
  }
  const problems = new Map<string, Problem[]>();
  const problemListeners: Array<(file: string, problems: Problem[]) => void> = [];
  /** True while the page itself replaces a text: not the learner's change. */
  let replacing = false;
  const report = (file: string, found: Problem[]) => {
    problems.set(file, found);
    problemListeners.forEach((l) => l(file, found));
  };
  const check = (file: string, model: monaco.editor.ITextModel) =>
    language.then(
      ({ diagnose, setMarkers }) => {
        const found = diagnose(model.getValue());
        setMarkers(monaco, model, found);
        report(file, found);
      },
      () => report(file, checksUnavailable()),
    );
  for (const [file, model] of models) {
    if (model.getLanguageId() !== 'dockerfile') continue;
    let timer: ReturnType<typeof setTimeout> | undefined;
    model.onDidChangeContent(() => {
      clearTimeout(timer);
      timer = setTimeout(() => check(file, model), DIAGNOSE_DELAY_MS);
    });
    check(file, model);
  }

  return {
    onProblems: (listener) => void problemListeners.push(listener),
    problems: (file) => problems.get(file) ?? [],
    reveal(file, line, column) {
      const model = models.get(file);
      if (!model) return;
      editor.setModel(model);
      editor.setPosition({ lineNumber: line, column });
      editor.revealLineInCenter(line);
      editor.focus();
    },
    applyFix(file, fix) {
      const model = models.get(file);
      if (!model) return;
      model.pushEditOperations(
        [],
        fix.edits.map((e) => ({ range: new monaco.Range(e.range.start.line + 1, e.range.start.character + 1, e.range.end.line + 1, e.range.end.character + 1), text: e.text })),
        () => null,
      );
      check(file, model);
    },
    show(file, label) {
      const model = models.get(file);
      if (model) editor.setModel(model);
      options.ariaLabel = label;
      editor.updateOptions({ ariaLabel: label });
    },
    value: (file) => models.get(file)?.getValue() ?? '',
    setValue(file, text) {
      replacing = true;
      try {
        models.get(file)?.setValue(text);
      } finally {
        replacing = false;
      }
    },
    diff(box, original, modified, labels) {
      const left = monaco.editor.createModel(original, 'dockerfile');
      const right = monaco.editor.createModel(modified, 'dockerfile');
      let view: monaco.editor.IStandaloneDiffEditor | undefined;
      let disposed = false;
      latePart(() => import('./monaco-diff-editor.ts')).then(() => {
        if (disposed) return;
        view = monaco.editor.createDiffEditor(box, {
          readOnly: true,
          originalEditable: false,
          renderSideBySide: true,
          useInlineViewWhenSpaceIsLimited: false,
          automaticLayout: true,
          minimap: { enabled: false },
          scrollBeyondLastLine: false,
          fontSize: 13,
        });
        view.setModel({ original: left, modified: right });
        // Each side is a textbox for screen readers; the diff editor leaves them unnamed.
        view.getOriginalEditor().updateOptions({ ariaLabel: labels.original });
        view.getModifiedEditor().updateOptions({ ariaLabel: labels.modified });
      }, () => {
        if (disposed) return;
        const note = document.createElement('p');
        note.setAttribute('role', 'status');
        note.textContent = strings.workbench.diffUnavailable;
        box.replaceChildren(note);
      });
      return () => {
        disposed = true;
        view?.dispose();
        left.dispose();
        right.dispose();
      };
    },
    onChange(listener) {
      for (const [file, model] of models) model.onDidChangeContent(() => replacing || listener(file, model.getValue()));
    },
    onBuildShortcut(action) {
      buildActions.push(action);
      editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, action);
    },
    setTheme(next) {
      options.theme = monacoTheme(next);
      monaco.editor.setTheme(options.theme);
    },
    focus: () => editor.focus(),
  };
}
