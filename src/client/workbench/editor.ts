// Monaco, self-hosted and trimmed to what a Dockerfile editor uses: the core editor, the
// Dockerfile grammar and a handful of features (no folding or word highlighting: lab files are
// a screen long). The core (editor.api, which brings the diff editor, quick input, lists and
// trees with it) is about 650 KB of the chunk's 800 KB gzip (bench/workbench.ts); features cost
// 5-30 KB each, and parts of the core the site never runs are left out at build time
// (monaco-unused-parts.ts). Its worker is bundled by Vite. Loaded only where it is supported
// (desktops); phones get plain-editor.ts.
import * as monaco from 'monaco-editor/editor';
import 'monaco-editor/languages/definitions/dockerfile/register';
import 'monaco-editor/features/bracketMatching/register';
import 'monaco-editor/features/codeAction/register';
import 'monaco-editor/features/format/register';
import 'monaco-editor/features/gotoError/register';
import 'monaco-editor/features/gotoSymbol/register';
import 'monaco-editor/features/clipboard/register';
import 'monaco-editor/features/comment/register';
import 'monaco-editor/features/contextmenu/register';
import 'monaco-editor/features/find/register';
import 'monaco-editor/features/hover/register';
import 'monaco-editor/features/linesOperations/register';
import 'monaco-editor/features/multicursor/register';
import 'monaco-editor/features/snippet/register';
import 'monaco-editor/features/suggest/register';
// The completion widget itself: no feature entry point pulls it in.
import 'monaco-editor/editor/contrib/suggest/browser/suggestController';
// Ctrl+M (Ctrl+Shift+M on macOS): Tab moves focus instead of indenting, so the editor is no keyboard trap.
import 'monaco-editor/features/toggleTabFocusMode/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import type { Theme } from '../theme.ts';
import { diagnose, registerDockerfileLanguage, setMarkers, type Problem } from './dockerfile-language.ts';
import { DIAGNOSE_DELAY_MS, isDockerfile, type LabEditor } from './lab-editor.ts';

self.MonacoEnvironment = { getWorker: () => new EditorWorker() };
registerDockerfileLanguage(monaco);

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
  container.replaceChildren();
  const editor = monaco.editor.create(container, {
    model: models.get(first) ?? null,
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
  });
  const problems = new Map<string, Problem[]>();
  const problemListeners: Array<(file: string, problems: Problem[]) => void> = [];
  /** True while the page itself replaces a text: not the learner's change. */
  let replacing = false;
  const check = (file: string, model: monaco.editor.ITextModel) => {
    const found = diagnose(model.getValue());
    setMarkers(monaco, model, found);
    problems.set(file, found);
    problemListeners.forEach((l) => l(file, found));
  };
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
      const view = monaco.editor.createDiffEditor(box, {
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
      return () => {
        view.dispose();
        left.dispose();
        right.dispose();
      };
    },
    onChange(listener) {
      for (const [file, model] of models) model.onDidChangeContent(() => replacing || listener(file, model.getValue()));
    },
    onBuildShortcut(action) {
      editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, action);
    },
    setTheme: (next) => monaco.editor.setTheme(monacoTheme(next)),
    focus: () => editor.focus(),
  };
}
