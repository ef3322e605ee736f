// Monaco's diff editor widget, loaded when the Solution dialog first shows a diff: it fills the
// slot that monaco-diff-editor-slot.ts left in the editor chunk, after which
// monaco.editor.createDiffEditor works.
import { DiffEditorWidget } from 'monaco-editor/editor/browser/widget/diffEditor/diffEditorWidget.js';
import { fillDiffEditorSlot } from 'virtual:monaco-diff-editor-slot';
import { addLateServices } from './monaco-late-services.ts';

fillDiffEditorSlot(DiffEditorWidget);
addLateServices();
