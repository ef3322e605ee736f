// The build log: an xterm terminal that fits its box and follows the site's theme.
import { FitAddon } from '@xterm/addon-fit';
import { Terminal, type ITheme } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import type { Theme } from '../theme.ts';

const themes: Record<Theme, ITheme> = {
  dark: { background: '#0d1117', foreground: '#e6edf3', cursor: '#0d1117', selectionBackground: '#264f78' },
  light: {
    background: '#f6f8fa',
    foreground: '#1f2328',
    cursor: '#f6f8fa',
    selectionBackground: '#b6d7ff',
    cyan: '#0b6bcb',
    green: '#1a7f37',
    yellow: '#9a6700',
    red: '#cf222e',
  },
};

export interface BuildTerminal {
  write(text: string): void;
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
  terminal.open(container);
  fit.fit();
  new ResizeObserver(() => fit.fit()).observe(container);
  return {
    write: (text) => terminal.write(text),
    clear: () => terminal.reset(),
    setTheme: (next) => {
      terminal.options.theme = themes[next];
    },
  };
}
