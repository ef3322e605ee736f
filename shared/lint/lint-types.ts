// What a lint rule reports. Ranges are 0-based lines and columns, as the Language Server
// Protocol and dockerfile-ast count; the editor adds 1 where Monaco counts from 1.
export type Severity = 'error' | 'warning' | 'info';

export interface LintRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

export interface LintFix {
  title: string;
  edits: Array<{ range: LintRange; text: string }>;
}

export interface LintDiagnostic {
  rule: string;
  severity: Severity;
  message: string;
  range: LintRange;
  /** The lesson section that explains the rule. */
  docs: string;
  fix?: LintFix;
  /** The server refuses to build while this is there: the build could not work here. */
  blocksBuild?: true;
}
