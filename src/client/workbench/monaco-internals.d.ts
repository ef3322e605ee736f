// Types for the Monaco internals the site reaches (Monaco ships types for its public API only):
// what monaco-late-services.ts and monaco-diff-editor.ts use, and the slot the diff editor fills
// (monaco-diff-editor-slot.ts).
declare module 'monaco-editor/editor/browser/widget/diffEditor/diffEditorWidget.js' {
  export const DiffEditorWidget: abstract new (...args: never[]) => object;
}
declare module 'virtual:monaco-diff-editor-slot' {
  export function fillDiffEditorSlot(widget: abstract new (...args: never[]) => object): void;
}
declare module 'monaco-editor/platform/instantiation/common/instantiation.js' {
  export interface ServiceId<T> {
    readonly type: T;
  }
  export interface ServiceCollection {
    get(id: ServiceId<unknown>): unknown;
    set(id: ServiceId<unknown>, instanceOrDescriptor: unknown): unknown;
  }
  export const IInstantiationService: ServiceId<{ readonly _services: ServiceCollection }>;
}
declare module 'monaco-editor/platform/keybinding/common/keybinding.js' {
  import type { ServiceId } from 'monaco-editor/platform/instantiation/common/instantiation.js';
  /** The standalone editor's keybinding service: updateResolver drops the key bindings it read. */
  export const IKeybindingService: ServiceId<{ updateResolver(): void }>;
}
declare module 'monaco-editor/platform/instantiation/common/extensions.js' {
  import type { ServiceId } from 'monaco-editor/platform/instantiation/common/instantiation.js';
  export function getSingletonServiceDescriptors(): Array<[ServiceId<unknown>, unknown]>;
}
declare module 'monaco-editor/editor/standalone/browser/standaloneServices.js' {
  import type { ServiceId } from 'monaco-editor/platform/instantiation/common/instantiation.js';
  export const StandaloneServices: { get<T>(id: ServiceId<T>): T };
}
