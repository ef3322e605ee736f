// A leading `# syntax=` parser directive makes BuildKit fetch a frontend image from a
// registry, which learner builds cannot reach. The directive is turned into a plain comment
// (same line count, so error line numbers stay right) and the learner is told why.

/** Parser directives are `# key=value` comment lines before anything else in the file. */
const DIRECTIVE = /^\s*#\s*([a-zA-Z]+)\s*=\s*(.*)$/;

export interface DirectiveRewrite {
  text: string;
  /** The frontend the directive asked for, when one was dropped. */
  droppedSyntax?: string;
}

export function dropSyntaxDirective(dockerfile: string): DirectiveRewrite {
  const lines = dockerfile.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const match = DIRECTIVE.exec(lines[i]!);
    if (!match) break; // directives end at the first line that is not one
    if (match[1]!.toLowerCase() === 'syntax') {
      lines[i] = `# (syntax directive for ${match[2]!.trim()} ignored: builds here use the engine's built-in frontend)`;
      return { text: lines.join('\n'), droppedSyntax: match[2]!.trim() };
    }
  }
  return { text: dockerfile };
}
