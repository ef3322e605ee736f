// Monaco, self-hosted and trimmed to what a Dockerfile editor uses: the core editor, the
// Dockerfile grammar and a handful of features. Its worker is bundled by Vite.
import * as monaco from 'monaco-editor/editor';
import 'monaco-editor/languages/definitions/dockerfile/register';
import 'monaco-editor/features/bracketMatching/register';
import 'monaco-editor/features/clipboard/register';
import 'monaco-editor/features/comment/register';
import 'monaco-editor/features/contextmenu/register';
import 'monaco-editor/features/find/register';
import 'monaco-editor/features/folding/register';
import 'monaco-editor/features/hover/register';
import 'monaco-editor/features/linesOperations/register';
import 'monaco-editor/features/multicursor/register';
import 'monaco-editor/features/suggest/register';
import 'monaco-editor/features/wordHighlighter/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import type { Theme } from '../theme.ts';

self.MonacoEnvironment = { getWorker: () => new EditorWorker() };

export interface DockerfileEditor {
  show(file: string): void;
  value(file: string): string;
  onChange(listener: (file: string, text: string) => void): void;
  onBuildShortcut(action: () => void): void;
  setTheme(theme: Theme): void;
  focus(): void;
}

const monacoTheme = (theme: Theme) => (theme === 'dark' ? 'vs-dark' : 'vs');

export function createEditor(container: HTMLElement, files: Record<string, string>, first: string, theme: Theme): DockerfileEditor {
  const models = new Map(
    Object.entries(files).map(([file, text]) => [file, monaco.editor.createModel(text, 'dockerfile', monaco.Uri.parse(`inmemory://lab/${file}`))]),
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
  return {
    show(file) {
      const model = models.get(file);
      if (model) editor.setModel(model);
    },
    value: (file) => models.get(file)?.getValue() ?? '',
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
