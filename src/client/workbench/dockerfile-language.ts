// Dockerfile intelligence for Monaco: dockerfile-language-service (syntax diagnostics, hover,
// completion, go to the stage a --from names, formatting) plus the course's multi-stage rules
// (shared/lint), with their quick fixes. Positions: the language service counts lines and
// columns from 0, Monaco from 1.
import './node-globals.ts';
import { DockerfileLanguageServiceFactory } from 'dockerfile-language-service';
import type * as Monaco from 'monaco-editor/editor';
import type { CompletionItem, Diagnostic, Range as LspRange, TextEdit } from 'vscode-languageserver-types';
import { lintDockerfile } from '../../../shared/lint/dockerfile-lint.ts';
import type { LintDiagnostic, LintRange } from '../../../shared/lint/lint-types.ts';

type MonacoApi = typeof Monaco;

export interface Problem {
  severity: 'error' | 'warning' | 'info';
  message: string;
  rule: string | undefined;
  docs: string | undefined;
  line: number;
  column: number;
  fix: LintDiagnostic['fix'] | undefined;
  range: LintRange;
}

const service = DockerfileLanguageServiceFactory.createLanguageService();
service.setCapabilities({ completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown'] } }, hover: { contentFormat: ['markdown'] } });

const toLsp = (p: Monaco.Position) => ({ line: p.lineNumber - 1, character: p.column - 1 });

export function registerDockerfileLanguage(monaco: MonacoApi): void {
  const toRange = (r: LspRange | LintRange) => new monaco.Range(r.start.line + 1, r.start.character + 1, r.end.line + 1, r.end.character + 1);
  const toEdit = (e: TextEdit) => ({ range: toRange(e.range), text: e.newText });
  // LSP completion kinds (1-based enum) by name, to Monaco's: the numbers differ.
  const kinds: Record<number, Monaco.languages.CompletionItemKind> = {
    1: monaco.languages.CompletionItemKind.Text,
    2: monaco.languages.CompletionItemKind.Method,
    3: monaco.languages.CompletionItemKind.Function,
    6: monaco.languages.CompletionItemKind.Variable,
    10: monaco.languages.CompletionItemKind.Property,
    12: monaco.languages.CompletionItemKind.Value,
    14: monaco.languages.CompletionItemKind.Keyword,
    15: monaco.languages.CompletionItemKind.Snippet,
    17: monaco.languages.CompletionItemKind.File,
    18: monaco.languages.CompletionItemKind.Reference,
    19: monaco.languages.CompletionItemKind.Folder,
    21: monaco.languages.CompletionItemKind.Constant,
  };

  monaco.languages.registerHoverProvider('dockerfile', {
    provideHover(model, position) {
      const hover = service.computeHover(model.getValue(), toLsp(position));
      if (!hover) return null;
      const contents = Array.isArray(hover.contents) ? hover.contents : [hover.contents];
      return {
        contents: contents.map((c) => ({ value: typeof c === 'string' ? c : c.value })),
        ...(hover.range && { range: toRange(hover.range) }),
      };
    },
  });

  monaco.languages.registerCompletionItemProvider('dockerfile', {
    triggerCharacters: ['-', '=', ' ', '$', '{'],
    async provideCompletionItems(model, position) {
      const word = model.getWordUntilPosition(position);
      const fallback = new monaco.Range(position.lineNumber, word.startColumn, position.lineNumber, word.endColumn);
      const items: CompletionItem[] = await service.computeCompletionItems(model.getValue(), toLsp(position));
      return {
        suggestions: items.map((raw) => {
          const item = service.resolveCompletionItem(raw);
          const edit = item.textEdit && 'range' in item.textEdit ? item.textEdit : undefined;
          const documentation = typeof item.documentation === 'string' ? item.documentation : item.documentation?.value;
          return {
            label: item.label,
            kind: kinds[item.kind ?? 1] ?? monaco.languages.CompletionItemKind.Text,
            insertText: edit?.newText ?? item.insertText ?? item.label,
            range: edit ? toRange(edit.range) : fallback,
            ...(item.insertTextFormat === 2 && { insertTextRules: monaco.languages.CompletionItemInsertTextRule.InsertAsSnippet }),
            ...(item.detail && { detail: item.detail }),
            ...(documentation && { documentation: { value: documentation } }),
          };
        }),
      };
    },
  });

  monaco.languages.registerDefinitionProvider('dockerfile', {
    provideDefinition(model, position) {
      const location = service.computeDefinition({ uri: model.uri.toString() }, model.getValue(), toLsp(position));
      return location ? { uri: model.uri, range: toRange(location.range) } : null;
    },
  });

  monaco.languages.registerDocumentFormattingEditProvider('dockerfile', {
    provideDocumentFormattingEdits(model, options) {
      return service.format(model.getValue(), { tabSize: options.tabSize, insertSpaces: options.insertSpaces }).map(toEdit);
    },
  });

  monaco.languages.registerCodeActionProvider('dockerfile', {
    provideCodeActions(model, range) {
      const actions = lintDockerfile(model.getValue())
        .filter((d) => d.fix && toRange(d.range).intersectRanges(range))
        .map((d) => ({
          title: d.fix!.title,
          kind: 'quickfix',
          isPreferred: true,
          diagnostics: [],
          edit: { edits: d.fix!.edits.map((e) => ({ resource: model.uri, textEdit: { range: toRange(e.range), text: e.text }, versionId: model.getVersionId() })) },
        }));
      return { actions, dispose() {} };
    },
  });
}

const lspSeverity = { 1: 'error', 2: 'warning', 3: 'info', 4: 'info' } as const;

/** Syntax findings and multi-stage rules for a Dockerfile, sorted by position. */
export function diagnose(text: string): Problem[] {
  const syntax = service.validate(text).map((d: Diagnostic): Problem => ({
    severity: lspSeverity[d.severity ?? 1],
    message: typeof d.message === 'string' ? d.message : d.message.value,
    rule: undefined,
    docs: undefined,
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    fix: undefined,
    range: d.range,
  }));
  const rules = lintDockerfile(text).map((d): Problem => ({
    severity: d.severity,
    message: d.message,
    rule: d.rule,
    docs: d.docs,
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    fix: d.fix,
    range: d.range,
  }));
  return [...syntax, ...rules].sort((a, b) => a.line - b.line || a.column - b.column);
}

/** Shows problems as markers on a model. */
export function setMarkers(monaco: MonacoApi, model: Monaco.editor.ITextModel, problems: readonly Problem[]): void {
  const severity = { error: monaco.MarkerSeverity.Error, warning: monaco.MarkerSeverity.Warning, info: monaco.MarkerSeverity.Info };
  monaco.editor.setModelMarkers(
    model,
    'dockerfile',
    problems.map((p) => ({
      severity: severity[p.severity],
      message: p.message,
      startLineNumber: p.range.start.line + 1,
      startColumn: p.range.start.character + 1,
      endLineNumber: p.range.end.line + 1,
      endColumn: p.range.end.character + 1,
      ...(p.rule && { code: { value: p.rule, target: monaco.Uri.parse(new URL(p.docs ?? '/', location.origin).href) } }),
      source: p.rule ? 'multistage-lab' : 'dockerfile',
    })),
  );
}
