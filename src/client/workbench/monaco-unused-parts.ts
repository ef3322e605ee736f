// A Vite plugin (build time, not page code): Monaco modules that editor.api imports but this
// site never runs, replaced by classes that throw if constructed. Monaco's own entry points
// cannot leave them out: the multi-file diff editor (createMultiFileDiffEditor, never called)
// and WebGPU rendering (used only with the experimentalGpuAcceleration option, which we leave
// off). About 30 KB gzip of the editor chunk (bench/workbench.ts prints its size).
import type { Plugin } from 'vite';

/** Module path under monaco-editor/esm/vs/editor/ -> the classes it exports. */
const UNUSED: Record<string, string[]> = {
  'browser/widget/multiDiffEditor/multiDiffEditorWidget.js': ['MultiDiffEditorWidget'],
  'browser/gpu/viewGpuContext.js': ['ViewGpuContext'],
  'browser/viewParts/viewLinesGpu/viewLinesGpu.js': ['ViewLinesGpu'],
  'browser/viewParts/rulersGpu/rulersGpu.js': ['RulersGpu'],
  'browser/viewParts/gpuMark/gpuMark.js': ['GpuMarkOverlay'],
};

export function monacoUnusedParts(): Plugin {
  return {
    name: 'multistage-lab:monaco-unused-parts',
    enforce: 'pre',
    load(id) {
      const file = id.split('?')[0]!.replace(/\\/g, '/');
      const at = file.lastIndexOf('/monaco-editor/esm/vs/editor/');
      if (at < 0) return null;
      const classes = UNUSED[file.slice(at + '/monaco-editor/esm/vs/editor/'.length)];
      return classes?.map((name) => `export class ${name} { constructor() { throw new Error('${name} is left out of this build (src/client/workbench/monaco-unused-parts.ts)'); } }`).join('\n') ?? null;
    },
  };
}
