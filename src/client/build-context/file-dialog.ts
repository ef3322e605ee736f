// One build-context file, read only, in a modal dialog: its text, or why it is not shown.
// Escape or Close shuts it and gives the focus back to the file's button in the tree.
import type { ContextFile } from '../../../shared/build-context.ts';
import { fill, formatBytes } from '../format.ts';

type Strings = typeof import('../../strings.ts').strings.workbench.buildContext;

export interface FileDialogParts {
  dialog: HTMLDialogElement;
  title: HTMLElement;
  text: HTMLElement;
  close: HTMLButtonElement;
}

export interface FileDialog {
  show(file: ContextFile, opener: HTMLElement, fileBytes: number): void;
}

export function wireFileDialog(parts: FileDialogParts, strings: Strings): FileDialog {
  let opener: HTMLElement | undefined;
  parts.close.addEventListener('click', () => parts.dialog.close());
  parts.dialog.addEventListener('close', () => opener?.focus());
  // Keys pressed while reading stay in the dialog: Ctrl+Enter must not start a build behind it.
  parts.dialog.addEventListener('keydown', (event) => event.stopPropagation());
  return {
    show(file, from, fileBytes) {
      opener = from;
      parts.title.textContent = fill(strings.fileTitle, { file: file.path });
      const size = formatBytes(file.bytes);
      parts.text.textContent =
        file.text ?? (file.omitted === 'binary' ? fill(strings.binary, { size }) : fill(strings.tooLarge, { size, limit: formatBytes(fileBytes) }));
      parts.dialog.showModal();
      parts.text.scrollTop = 0;
      parts.close.focus();
    },
  };
}
