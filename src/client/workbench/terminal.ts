// The build log as a terminal: an xterm that fits its box and follows the site's theme. It is
// for the eye only (aria-hidden): screen readers read the same log as text (log-text.ts).
import { FitAddon } from '@xterm/addon-fit';
import { Terminal, type ITheme } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import type { Theme } from '../theme.ts';

// `brightBlack` is the log's quiet text (build-log.ts writes it instead of SGR dim, which
// xterm draws at half opacity, under WCAG AA contrast): 5.9:1 and 6.4:1 on these backgrounds.
const themes: Record<Theme, ITheme> = {
  dark: { background: '#0d1117', foreground: '#e6edf3', cursor: '#0d1117', selectionBackground: '#264f78', brightBlack: '#9198a1' },
  light: {
    background: '#f6f8fa',
    foreground: '#1f2328',
    cursor: '#f6f8fa',
    selectionBackground: '#b6d7ff',
    brightBlack: '#57606a',
    cyan: '#0b6bcb',
    green: '#1a7f37',
    yellow: '#9a6700',
    red: '#cf222e',
  },
};

export interface BuildTerminal {
  /** `drawn` runs once the text is parsed into the terminal's buffer. */
  write(text: string, drawn?: () => void): void;
  clear(): void;
  setTheme(theme: Theme): void;
}

export function createTerminal(container: HTMLElement, theme: Theme): BuildTerminal {
  const terminal = new Terminal({
    convertEol: false,
    disableStdin: true,
    fontSize: 13,
    fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
    scrollback: 5000,
    theme: themes[theme],
    // Bold stays in its colour: the bright variants are too pale on the light background.
    drawBoldTextInBrightColors: false,
  });
  const fit = new FitAddon();
  terminal.loadAddon(fit);
  container.setAttribute('aria-hidden', 'true');
  terminal.open(container);
  // Its input textarea takes no input (disableStdin): keep it out of the Tab order.
  container.querySelector('textarea')?.setAttribute('tabindex', '-1');
  fit.fit();
  new ResizeObserver(() => fit.fit()).observe(container);
  return {
    write: (text, drawn) => terminal.write(text, drawn),
    clear: () => terminal.reset(),
    setTheme: (next) => {
      terminal.options.theme = themes[next];
    },
  };
}
