// The lab workbench controller: tabs of Dockerfiles in the editor, Build and Cancel, the
// build log in the terminal, and the image sizes of each tab's last build side by side.
import type { ServerMessage } from '../../../server/protocol/messages.ts';
import { formatBytes, formatDuration, percentSmaller } from '../format.ts';
import { currentTheme, type Theme } from '../theme.ts';
import { BuildConnection, buildSocketUrl } from './build-connection.ts';
import { ansi, BuildLogRenderer } from './build-log.ts';
import { loadDraft, loadResult, saveDraft, saveResult, type StoredResult } from './drafts.ts';
import { createEditor } from './editor.ts';
import { createTerminal } from './terminal.ts';

interface Tab {
  file: string;
  label: string;
  description: string;
  starter: string;
}

type Strings = typeof import('../../strings.ts').strings.workbench;

function required<T extends Element>(root: ParentNode, selector: string): T {
  const element = root.querySelector<T>(selector);
  if (!element) throw new Error(`workbench markup lacks ${selector}`);
  return element;
}

export function mountWorkbench(root: HTMLElement): void {
  const lab = root.dataset.lab ?? '';
  const tabs = JSON.parse(root.dataset.tabs ?? '[]') as Tab[];
  const s = JSON.parse(root.dataset.strings ?? '{}') as Strings;
  const buildButton = required<HTMLButtonElement>(root, '[data-action="build"]');
  const cancelButton = required<HTMLButtonElement>(root, '[data-action="cancel"]');
  const engineStatus = required<HTMLElement>(root, '.wb-engine');
  const description = required<HTMLElement>(root, '[data-description]');
  const tabButtons = [...root.querySelectorAll<HTMLButtonElement>('[role="tab"]')];
  const editorBox = required<HTMLElement>(root, '.wb-editor');

  const files = Object.fromEntries(tabs.map((t) => [t.file, loadDraft(lab, t.file) ?? t.starter]));
  let active = tabs[0]!.file;
  let building: string | undefined; // the tab whose build is running
  let renderer = new BuildLogRenderer();
  const results = new Map<string, StoredResult>();

  const editor = createEditor(editorBox, files, active, currentTheme());
  const terminal = createTerminal(required<HTMLElement>(root, '.wb-terminal'), currentTheme());
  terminal.write(ansi.dim(`Press ${s.build} (${s.buildShortcut}) to build the Dockerfile in the editor.`) + '\r\n');
  window.addEventListener('themechange', (e) => {
    const theme = (e as CustomEvent<Theme>).detail;
    editor.setTheme(theme);
    terminal.setTheme(theme);
  });

  // Drafts are saved as the learner types (debounced), per tab.
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  editor.onChange((file, text) => {
    clearTimeout(timers.get(file));
    timers.set(file, setTimeout(() => saveDraft(lab, file, text), 300));
  });
  window.addEventListener('pagehide', () => {
    for (const t of tabs) saveDraft(lab, t.file, editor.value(t.file));
  });

  const selectTab = (file: string, focus = false) => {
    active = file;
    for (const button of tabButtons) {
      const selected = button.dataset.file === file;
      button.setAttribute('aria-selected', String(selected));
      button.tabIndex = selected ? 0 : -1;
      if (selected) {
        editorBox.setAttribute('aria-labelledby', button.id);
        if (focus) button.focus();
      }
    }
    description.textContent = tabs.find((t) => t.file === file)?.description ?? '';
    editor.show(file);
  };
  tabButtons.forEach((button, i) => {
    button.addEventListener('click', () => selectTab(button.dataset.file!));
    button.addEventListener('keydown', (event) => {
      const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
      if (step === 0) return;
      event.preventDefault();
      const next = tabButtons[(i + step + tabButtons.length) % tabButtons.length]!;
      selectTab(next.dataset.file!, true);
    });
  });

  const showSizes = () => {
    for (const tab of tabs) {
      const cell = root.querySelector<HTMLElement>(`[data-size-row="${tab.file}"] [data-size]`);
      const result = results.get(tab.file);
      if (cell) cell.textContent = result ? `${formatBytes(result.imageSize)} · ${result.stages} stage${result.stages === 1 ? '' : 's'} · ${formatDuration(result.durationMs)}` : s.notBuilt;
    }
    const [baseline, ...others] = tabs.map((t) => ({ tab: t, result: results.get(t.file) }));
    const compared = others.find((o) => o.result);
    const compare = required<HTMLElement>(root, '[data-compare]');
    if (baseline?.result && compared?.result) {
      const pct = percentSmaller(baseline.result.imageSize, compared.result.imageSize);
      compare.textContent =
        pct >= 0
          ? `${compared.tab.label} is ${pct}% smaller than ${baseline.tab.label} (${formatBytes(compared.result.imageSize)} vs ${formatBytes(baseline.result.imageSize)}).`
          : `${compared.tab.label} is ${-pct}% larger than ${baseline.tab.label}: the final stage still carries too much.`;
      compare.dataset.verdict = pct >= 40 ? 'good' : 'weak';
    } else {
      compare.textContent = s.compareHint;
      delete compare.dataset.verdict;
    }
  };
  for (const tab of tabs) {
    const stored = loadResult(lab, tab.file);
    if (stored) results.set(tab.file, stored);
  }
  showSizes();

  const setBuilding = (file: string | undefined) => {
    building = file;
    buildButton.disabled = file !== undefined || !connection.isOpen;
    cancelButton.disabled = file === undefined;
    root.toggleAttribute('data-building', file !== undefined);
  };

  const onMessage = (message: ServerMessage) => {
    terminal.write(renderer.render(message));
    if (message.type === 'result') {
      if (message.ok && message.imageSize !== undefined && building) {
        const result = { imageSize: message.imageSize, durationMs: message.durationMs, stages: message.stages };
        results.set(building, result);
        saveResult(lab, building, result);
        showSizes();
      }
      setBuilding(undefined);
    } else if (message.type === 'error' && building && ['bad-json', 'bad-message', 'too-large', 'unknown-lab', 'busy', 'queue-full'].includes(message.code)) {
      // Refused before it started: no result will follow.
      setBuilding(undefined);
    }
  };

  const connection = new BuildConnection(buildSocketUrl(location), {
    message: onMessage,
    state: (state, detail) => {
      if (state === 'open') void checkEngine();
      else if (state === 'closed') {
        engineStatus.dataset.engine = 'offline';
        engineStatus.textContent = s.engine.offline;
        if (building) {
          terminal.write(ansi.red(`✖ The connection to the build server was lost${detail ? `: ${detail}` : ''}.`) + '\r\n');
          setBuilding(undefined);
        }
      }
      buildButton.disabled = building !== undefined || state !== 'open';
    },
  });

  async function checkEngine(): Promise<void> {
    try {
      const health = (await (await fetch('/api/health', { cache: 'no-store' })).json()) as { ready?: boolean };
      engineStatus.dataset.engine = health.ready ? 'ready' : 'unavailable';
      engineStatus.textContent = health.ready ? s.engine.ready : s.engine.unavailable;
    } catch {
      engineStatus.dataset.engine = 'unavailable';
      engineStatus.textContent = s.engine.unavailable;
    }
  }

  const build = () => {
    if (building || !connection.isOpen) return;
    const file = active;
    renderer = new BuildLogRenderer();
    terminal.clear();
    terminal.write(ansi.bold(`$ docker build -f ${file} .`) + ansi.dim(`   (${tabs.find((t) => t.file === file)?.label})`) + '\r\n');
    setBuilding(file);
    saveDraft(lab, file, editor.value(file));
    connection.send({ type: 'build', lab, files: { Dockerfile: editor.value(file) } });
  };
  buildButton.addEventListener('click', build);
  cancelButton.addEventListener('click', () => connection.send({ type: 'cancel' }));
  editor.onBuildShortcut(build);
  root.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      build();
    }
  });
  root.dataset.ready = 'true';
}
