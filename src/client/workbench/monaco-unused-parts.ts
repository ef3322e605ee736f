// A Vite plugin (build time, not page code): Monaco modules that editor.api imports but this
// site never runs, replaced by classes that throw when used. Monaco's own entry points cannot
// leave them out:
// - the multi-file diff editor (createMultiFileDiffEditor, never called);
// - WebGPU rendering (used only with the experimentalGpuAcceleration option, which we leave off);
// - tree-sitter tokenization (the standalone editor's tree-sitter library supports no language,
//   so models always tokenize with Monarch);
// - the quick input: Monaco creates its service up front, but only the command palette and go
//   to line (not loaded) and find's Go to Match (no key, no menu entry) would open it.
// About 65 KB gzip of the editor chunk, 34 KB of it tree-sitter and the quick input
// (bench/workbench.ts prints its size).
import type { Plugin } from 'vite';

/** A class that throws when constructed. */
const neverConstructed = (name: string) => `export class ${name} { constructor() { throw new Error('${name} is left out of this build (src/client/workbench/monaco-unused-parts.ts)'); } }`;

/** A service Monaco constructs with the others, every method of which throws. */
const neverUsed = (name: string, methods: string[]) =>
  `export class ${name} {}\nfor (const method of ${JSON.stringify(methods)}) ${name}.prototype[method] = () => { throw new Error('${name}.' + method + ' is left out of this build (src/client/workbench/monaco-unused-parts.ts)'); };`;

/** Module path under monaco-editor/esm/vs/ -> the stand-in for what it exports. */
const UNUSED: Record<string, string> = {
  'editor/browser/widget/multiDiffEditor/multiDiffEditorWidget.js': neverConstructed('MultiDiffEditorWidget'),
  'editor/browser/gpu/viewGpuContext.js': neverConstructed('ViewGpuContext'),
  'editor/browser/viewParts/viewLinesGpu/viewLinesGpu.js': neverConstructed('ViewLinesGpu'),
  'editor/browser/viewParts/rulersGpu/rulersGpu.js': neverConstructed('RulersGpu'),
  'editor/browser/viewParts/gpuMark/gpuMark.js': neverConstructed('GpuMarkOverlay'),
  'editor/common/model/tokens/treeSitter/treeSitterSyntaxTokenBackend.js': neverConstructed('TreeSitterSyntaxTokenBackend'),
  'editor/standalone/browser/quickInput/standaloneQuickInputService.js': neverUsed('StandaloneQuickInputService', ['pick', 'input', 'createQuickPick', 'createInputBox', 'toggle', 'toggleHover']),
};

export function monacoUnusedParts(): Plugin {
  return {
    name: 'multistage-lab:monaco-unused-parts',
    enforce: 'pre',
    load(id) {
      const file = id.split('?')[0]!.replace(/\\/g, '/');
      const at = file.lastIndexOf('/monaco-editor/esm/vs/');
      return at < 0 ? null : (UNUSED[file.slice(at + '/monaco-editor/esm/vs/'.length)] ?? null);
    },
  };
}
