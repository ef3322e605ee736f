// Where a build's messages are drawn: the terminal for the eye (when there is one) and the
// text view for screen readers and phones, both from the same renderer output.
import type { ServerMessage } from '../../../shared/protocol/messages.ts';
import type { Theme } from '../theme.ts';
import { BuildLogRenderer } from './build-log.ts';
import type { LogText } from './log-text.ts';
import type { BuildTerminal } from './terminal.ts';

export class BuildOutput {
  private renderer = new BuildLogRenderer();
  private readonly text: LogText;
  private terminal: BuildTerminal | undefined;
  /** What was written before the terminal arrived (it loads in parallel with the editor). */
  private backlog = '';

  constructor(text: LogText) {
    this.text = text;
  }

  attachTerminal(terminal: BuildTerminal): void {
    this.terminal = terminal;
    terminal.write(this.backlog);
    this.backlog = '';
  }

  /** Draws a message; `drawn` runs once it is on screen. Returns whether it drew anything. */
  draw(message: ServerMessage, drawn?: () => void): boolean {
    const out = this.renderer.render(message);
    if (out) this.write(out, drawn);
    return out !== '';
  }

  write(out: string, drawn?: () => void): void {
    this.text.write(out);
    if (this.terminal) this.terminal.write(out, drawn && (() => requestAnimationFrame(drawn)));
    else {
      this.backlog += out;
      if (drawn) requestAnimationFrame(drawn);
    }
  }

  /** A new build: an empty log. */
  restart(): void {
    this.renderer = new BuildLogRenderer();
    this.text.clear();
    this.backlog = '';
    this.terminal?.clear();
  }

  setTheme(theme: Theme): void {
    this.terminal?.setTheme(theme);
  }
}
