// A Vite plugin (build time, not page code): Monaco's diff editor widget (about 30 KB gzip) out
// of the editor chunk, loaded when the Solution dialog first shows a diff (monaco-diff-editor.ts).
// Monaco's standalone diff editor is a subclass of that widget, declared as the editor loads, so
// the widget is replaced there by a slot: a class whose parent is set when the real widget
// arrives (`super` looks its parent up when it runs). Until then, creating a diff editor throws.
import type { Plugin } from 'vite';

const SLOT = '\0multistage-lab:monaco-diff-editor-slot';
/** How monaco-diff-editor.ts imports the slot, to fill it. */
export const SLOT_IMPORT = 'virtual:monaco-diff-editor-slot';

const slotModule = `
class NotLoaded { constructor() { throw new Error('Monaco\\'s diff editor is not loaded: import src/client/workbench/monaco-diff-editor.ts first'); } }
export class DiffEditorWidget extends NotLoaded {}
export function fillDiffEditorSlot(widget) {
  Object.setPrototypeOf(DiffEditorWidget, widget);
  Object.setPrototypeOf(DiffEditorWidget.prototype, widget.prototype);
}`;

export function monacoDiffEditorSlot(): Plugin {
  return {
    name: 'multistage-lab:monaco-diff-editor-slot',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source === SLOT_IMPORT) return SLOT;
      const from = importer?.replace(/\\/g, '/') ?? '';
      return from.endsWith('/monaco-editor/esm/vs/editor/standalone/browser/standaloneCodeEditor.js') && source.endsWith('/diffEditor/diffEditorWidget.js') ? SLOT : null;
    },
    load: (id) => (id === SLOT ? slotModule : null),
  };
}
