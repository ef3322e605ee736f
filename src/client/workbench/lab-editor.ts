// What the workbench needs of an editor. Two implement it: Monaco (editor.ts) on desktops,
// and a plain textarea (plain-editor.ts) where Monaco is not supported or too heavy: phones.
import type { LintFix } from '../../../shared/lint/lint-types.ts';
import type { Theme } from '../theme.ts';
import type { Problem } from './dockerfile-language.ts';

export interface LabEditor {
  /** Shows a file; `label` names the editor for assistive technology ("Multi-stage, Dockerfile"). */
  show(file: string, label: string): void;
  value(file: string): string;
  /** Replaces a file's text without reporting it as the learner's change. */
  setValue(file: string, text: string): void;
  /** A read-only view of the learner's text beside the solution, each side named by `labels`; returns a function that disposes it. */
  diff(container: HTMLElement, original: string, modified: string, labels: { original: string; modified: string }): () => void;
  /** The learner changed a file. */
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

/** How long typing must pause before a Dockerfile is checked again. */
export const DIAGNOSE_DELAY_MS = 150;

/** Editor files that get Dockerfile intelligence; .dockerignore is plain text. */
export const isDockerfile = (file: string): boolean => /^Dockerfile/.test(file);

/** The accessible name of the editor showing `file`. */
export const editorLabel = (template: string, label: string, file: string): string => template.replace('{label}', label).replace('{file}', file);
