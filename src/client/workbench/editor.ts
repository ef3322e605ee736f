// Monaco, self-hosted and trimmed to what a Dockerfile editor uses: the core editor, the
// Dockerfile grammar and a handful of features. Its worker is bundled by Vite.
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
import 'monaco-editor/features/folding/register';
import 'monaco-editor/features/hover/register';
import 'monaco-editor/features/linesOperations/register';
import 'monaco-editor/features/multicursor/register';
import 'monaco-editor/features/snippet/register';
import 'monaco-editor/features/suggest/register';
// The completion widget itself: no feature entry point pulls it in.
import 'monaco-editor/editor/contrib/suggest/browser/suggestController';
import 'monaco-editor/features/wordHighlighter/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import type { LintFix } from '../../../shared/lint/lint-types.ts';
import type { Theme } from '../theme.ts';
import { diagnose, registerDockerfileLanguage, setMarkers, type Problem } from './dockerfile-language.ts';

self.MonacoEnvironment = { getWorker: () => new EditorWorker() };
registerDockerfileLanguage(monaco);

/** How long typing must pause before the Dockerfile is checked again. */
const DIAGNOSE_DELAY_MS = 150;

export interface DockerfileEditor {
  show(file: string): void;
  value(file: string): string;
  setValue(file: string, text: string): void;
  /** A read-only side-by-side diff in `container`; returns a function that disposes it. */
  diff(container: HTMLElement, original: string, modified: string): () => void;
  onChange(listener: (file: string, text: string) => void): void;
  onBuildShortcut(action: () => void): void;
  /** Problems of a Dockerfile, each time they are computed (after typing pauses). */
  onProblems(listener: (file: string, problems: Problem[]) => void): void;
  problems(file: string): Problem[];
  reveal(file: string, line: number, column: number): void;
  applyFix(file: string, fix: LintFix): void;
  setTheme(theme: Theme): void;
  focus(): void;
}

const monacoTheme = (theme: Theme) => (theme === 'dark' ? 'vs-dark' : 'vs');

/** Monaco language of an editor file: Dockerfiles get highlighting, .dockerignore is plain. */
const languageOf = (file: string) => (/^Dockerfile/.test(file) ? 'dockerfile' : 'plaintext');

export function createEditor(container: HTMLElement, files: Record<string, string>, first: string, theme: Theme): DockerfileEditor {
  const models = new Map(
    Object.entries(files).map(([file, text]) => [file, monaco.editor.createModel(text, languageOf(file), monaco.Uri.parse(`inmemory://lab/${file}`))]),
  );
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
    ariaLabel: 'Dockerfile editor',
  });
  const problems = new Map<string, Problem[]>();
  const problemListeners: Array<(file: string, problems: Problem[]) => void> = [];
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
    onProblems: (listener) => problemListeners.push(listener),
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
    show(file) {
      const model = models.get(file);
      if (model) editor.setModel(model);
    },
    value: (file) => models.get(file)?.getValue() ?? '',
    setValue: (file, text) => models.get(file)?.setValue(text),
    diff(container, original, modified) {
      const left = monaco.editor.createModel(original, 'dockerfile');
      const right = monaco.editor.createModel(modified, 'dockerfile');
      const view = monaco.editor.createDiffEditor(container, {
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
      return () => {
        view.dispose();
        left.dispose();
        right.dispose();
      };
    },
    onChange(listener) {
      for (const [file, model] of models) model.onDidChangeContent(() => listener(file, model.getValue()));
    },
    onBuildShortcut(action) {
      editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, action);
    },
    setTheme: (next) => monaco.editor.setTheme(monacoTheme(next)),
    focus: () => editor.focus(),
  };
}
