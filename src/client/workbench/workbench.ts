// The lab workbench controller: editor tabs, Build and Cancel, the build log, the current
// step's checkpoints, the image sizes, Solution and Reset. Drafts and verdicts live on the
// server (progress.ts), so a learner finds them again on any visit.
import type { LabProgress } from '../../../server/progress/progress-store.ts';
import type { ResultMessage, ServerMessage } from '../../../shared/protocol/messages.ts';
import type { LabView } from '../../lab-view.ts';
import { formatBytes, formatDuration, percentSmaller } from '../format.ts';
import { $currentStep, $verdicts, applyVerdicts, firstOpenStep, forgetDraft, loadProgress, saveDraft, stepState } from '../lab/progress.ts';
import { currentTheme, type Theme } from '../theme.ts';
import { BuildConnection, buildSocketUrl } from './build-connection.ts';
import { ansi, BuildLogRenderer } from './build-log.ts';
import { Checklist } from './checklist.ts';
import { createEditor } from './editor.ts';
import { renderProblems } from './problems-list.ts';
import { createTerminal } from './terminal.ts';

type Strings = typeof import('../../strings.ts').strings.workbench;
interface SizeResult {
  imageSize: number;
  durationMs: number;
  stages: number;
}

/** Errors that refuse a build before it starts: no result follows them. */
const REFUSALS = new Set(['bad-json', 'bad-message', 'too-large', 'unknown-lab', 'busy', 'queue-full']);

function required<T extends Element>(root: ParentNode, selector: string): T {
  const element = root.querySelector<T>(selector);
  if (!element) throw new Error(`workbench markup lacks ${selector}`);
  return element;
}

export async function mountWorkbench(root: HTMLElement): Promise<void> {
  const view = JSON.parse(root.dataset.view ?? '{}') as LabView;
  const s = JSON.parse(root.dataset.strings ?? '{}') as Strings;
  const lab = view.id;
  const editorOf = (file: string) => view.editors.find((e) => e.file === file)!;
  const ui = {
    build: required<HTMLButtonElement>(root, '[data-action="build"]'),
    cancel: required<HTMLButtonElement>(root, '[data-action="cancel"]'),
    solution: required<HTMLButtonElement>(root, '[data-action="solution"]'),
    reset: required<HTMLButtonElement>(root, '[data-action="reset"]'),
    engine: required<HTMLElement>(root, '.wb-engine'),
    description: required<HTMLElement>(root, '[data-description]'),
    editorBox: required<HTMLElement>(root, '.wb-editor'),
    tabs: [...root.querySelectorAll<HTMLButtonElement>('[role="tab"]')],
    stepButtons: [...root.querySelectorAll<HTMLButtonElement>('[data-step]')],
    stepTitle: required<HTMLElement>(root, '[data-step-title]'),
    switches: [...root.querySelectorAll<HTMLButtonElement>('[data-show]')],
    panels: [...root.querySelectorAll<HTMLElement>('[data-panel]')],
    checkCount: required<HTMLElement>(root, '[data-check-count]'),
    dialog: required<HTMLDialogElement>(root, 'dialog'),
  };

  const empty: LabProgress = { drafts: {}, builds: {}, verdicts: {} };
  const progress = await loadProgress(lab).catch(() => empty);
  const files = Object.fromEntries(view.editors.map((e) => [e.file, progress.drafts[e.file] ?? e.starter]));
  let active = view.editors[0]!.file;
  let building: string | undefined; // the file whose build is running
  let renderer = new BuildLogRenderer();
  const sizes = new Map<string, SizeResult>();
  for (const [file, build] of Object.entries(progress.builds)) {
    if (build.ok && build.imageSize !== null) sizes.set(file, { imageSize: build.imageSize, durationMs: build.durationMs, stages: build.stages });
  }

  const editor = createEditor(ui.editorBox, files, active, currentTheme());
  const terminal = createTerminal(required<HTMLElement>(root, '.wb-terminal'), currentTheme());
  const checklist = new Checklist(required<HTMLElement>(root, '.wb-checks'), s);
  terminal.write(ansi.dim(`Press ${s.build} (${s.buildShortcut}) to build the Dockerfile in the editor.`) + '\r\n');
  window.addEventListener('themechange', (e) => {
    const theme = (e as CustomEvent<Theme>).detail;
    editor.setTheme(theme);
    terminal.setTheme(theme);
  });

  // Drafts go to the server as the learner types (debounced), per file.
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const dropPendingSave = (file: string) => {
    clearTimeout(timers.get(file));
    timers.delete(file);
  };
  const flush = (file: string) => {
    dropPendingSave(file);
    void saveDraft(lab, file, editor.value(file)).catch(() => undefined);
  };
  editor.onChange((file) => {
    clearTimeout(timers.get(file));
    timers.set(file, setTimeout(() => flush(file), 600));
  });
  window.addEventListener('pagehide', () => [...timers.keys()].forEach(flush));

  // The Problems list follows the tab in view; Build still works with warnings (and errors).
  const problemsBox = required<HTMLElement>(root, '.wb-problems');
  const showProblems = (file: string) => {
    problemsBox.hidden = !editorOf(file).buildable;
    if (problemsBox.hidden) return;
    renderProblems(problemsBox, editor.problems(file), s, {
      reveal: (p) => editor.reveal(file, p.line, p.column),
      fix: (p) => p.fix && editor.applyFix(file, p.fix),
    });
  };
  editor.onProblems((file) => {
    if (file === active) showProblems(file);
  });

  // Panels under the editor: the build log or the checkpoints.
  const showPanel = (name: string) => {
    ui.switches.forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.show === name)));
    ui.panels.forEach((p) => (p.hidden = p.dataset.panel !== name));
  };
  ui.switches.forEach((b) => b.addEventListener('click', () => showPanel(b.dataset.show!)));

  const selectTab = (file: string, focus = false) => {
    active = file;
    ui.tabs.forEach((tab) => {
      const selected = tab.dataset.file === file;
      tab.setAttribute('aria-selected', String(selected));
      tab.tabIndex = selected ? 0 : -1;
      if (selected) {
        ui.editorBox.setAttribute('aria-labelledby', tab.id);
        if (focus) tab.focus();
      }
    });
    ui.description.textContent = editorOf(file).description;
    editor.show(file);
    showProblems(file);
    updateBuildButton();
  };
  ui.tabs.forEach((tab, i) => {
    tab.addEventListener('click', () => selectTab(tab.dataset.file!));
    tab.addEventListener('keydown', (event) => {
      const move = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
      if (move === 0) return;
      event.preventDefault();
      selectTab(ui.tabs[(i + move + ui.tabs.length) % ui.tabs.length]!.dataset.file!, true);
    });
  });

  // Steps: the strip of numbered marks, and the current step's checklist.
  /** The step the learner picked, else the first one not passed yet. */
  const currentStepId = () => $currentStep.get() ?? firstOpenStep(view, $verdicts.get());
  const renderSteps = () => {
    const verdicts = $verdicts.get();
    const current = currentStepId();
    const index = view.steps.findIndex((st) => st.id === current);
    const step = view.steps[index];
    ui.stepButtons.forEach((b) => {
      const state = stepState(view.steps.find((st) => st.id === b.dataset.step)!, verdicts);
      b.dataset.state = state;
      const stateText = b.querySelector('[data-step-state-text]');
      if (stateText) stateText.textContent = s.stepStates[state];
      b.toggleAttribute('aria-current', b.dataset.step === current);
      if (b.dataset.step === current) b.setAttribute('aria-current', 'step');
    });
    if (!step) return;
    ui.stepTitle.textContent = `${index + 1}. ${step.title}`;
    const got = verdicts[step.id];
    checklist.render(step, index, view.steps.length, got, editorOf(step.file).label);
    ui.checkCount.textContent = got ? `${step.checkpoints.filter((c) => got[c.id]?.status === 'pass').length}/${step.checkpoints.length}` : '';
  };
  ui.stepButtons.forEach((b) =>
    b.addEventListener('click', () => {
      $currentStep.set(b.dataset.step);
      const step = view.steps.find((st) => st.id === b.dataset.step);
      if (step) selectTab(step.file);
      showPanel('checks');
    }),
  );
  $verdicts.subscribe(renderSteps);
  $currentStep.subscribe(renderSteps);

  // Sizes of each Dockerfile's latest successful build, and the comparison.
  const showSizes = () => {
    const buildable = view.editors.filter((e) => e.buildable);
    for (const e of buildable) {
      const cell = root.querySelector<HTMLElement>(`[data-size-row="${e.file}"] [data-size]`);
      const r = sizes.get(e.file);
      if (cell) cell.textContent = r ? `${formatBytes(r.imageSize)} · ${r.stages} stage${r.stages === 1 ? '' : 's'} · ${formatDuration(r.durationMs)}` : s.notBuilt;
    }
    const compare = required<HTMLElement>(root, '[data-compare]');
    const [baseline, ...others] = buildable.map((e) => ({ editor: e, result: sizes.get(e.file) }));
    const compared = others.find((o) => o.result);
    if (baseline?.result && compared?.result) {
      const pct = percentSmaller(baseline.result.imageSize, compared.result.imageSize);
      compare.textContent =
        pct >= 0
          ? `${compared.editor.label} is ${pct}% smaller than ${baseline.editor.label} (${formatBytes(compared.result.imageSize)} vs ${formatBytes(baseline.result.imageSize)}).`
          : `${compared.editor.label} is ${-pct}% larger than ${baseline.editor.label}: the final stage still carries too much.`;
      compare.dataset.verdict = pct >= 40 ? 'good' : 'weak';
    } else {
      compare.textContent = buildable.length > 1 ? s.compareHint : '';
      delete compare.dataset.verdict;
    }
  };
  showSizes();

  /** Build the tab in view; from a non-Dockerfile tab (.dockerignore), the current step's file. */
  const buildTarget = () =>
    editorOf(active).buildable ? active : (view.steps.find((st) => st.id === currentStepId())?.file ?? view.editors.find((e) => e.buildable)!.file);
  let connected = false; // set by the connection's state callback, which fires before `connection` exists
  const updateBuildButton = () => {
    ui.build.disabled = building !== undefined || !connected;
    ui.build.title = `${s.build} ${buildTarget()} (${s.buildShortcut})`;
  };
  const setBuilding = (file: string | undefined) => {
    building = file;
    ui.cancel.disabled = file === undefined;
    root.toggleAttribute('data-building', file !== undefined);
    updateBuildButton();
  };

  const onResult = (result: ResultMessage) => {
    if (result.ok && result.imageSize !== undefined) {
      sizes.set(result.file, { imageSize: result.imageSize, durationMs: result.durationMs, stages: result.stages });
      showSizes();
    }
    if (result.checking) terminal.write(ansi.dim(s.checking) + '\r\n');
    else setBuilding(undefined);
  };

  const onMessage = (message: ServerMessage) => {
    if (message.type !== 'checkpoints') terminal.write(renderer.render(message));
    if (message.type === 'result') onResult(message);
    else if (message.type === 'checkpoints') {
      applyVerdicts(message.steps);
      // Show the checklist of the step just checked (the first not yet passed among them).
      const checked = message.steps.map((st) => view.steps.find((v) => v.id === st.step)!).filter(Boolean);
      const focus = checked.find((st) => stepState(st, $verdicts.get()) !== 'passed') ?? checked.at(-1);
      if (focus) $currentStep.set(focus.id);
      const passed = message.steps.reduce((n, st) => n + st.checkpoints.filter((c) => c.status === 'pass').length, 0);
      const total = message.steps.reduce((n, st) => n + st.checkpoints.length, 0);
      terminal.write(ansi.dim(`Checkpoints: ${passed} of ${total} pass (checked in ${formatDuration(message.durationMs)}).`) + '\r\n');
      if (sizes.has(message.file)) showPanel('checks');
      setBuilding(undefined);
    } else if (message.type === 'error' && building && REFUSALS.has(message.code)) {
      setBuilding(undefined);
    }
  };

  const connection = new BuildConnection(buildSocketUrl(location), {
    message: onMessage,
    state: (state, detail) => {
      connected = state === 'open';
      if (state === 'open') void checkEngine();
      else if (state === 'closed') {
        ui.engine.dataset.engine = 'offline';
        ui.engine.textContent = s.engine.offline;
        if (building) {
          terminal.write(ansi.red(`✖ The connection to the build server was lost${detail ? `: ${detail}` : ''}.`) + '\r\n');
          setBuilding(undefined);
        }
      }
      updateBuildButton();
    },
  });

  async function checkEngine(): Promise<void> {
    try {
      const health = (await (await fetch('/api/health', { cache: 'no-store' })).json()) as { ready?: boolean };
      ui.engine.dataset.engine = health.ready ? 'ready' : 'unavailable';
      ui.engine.textContent = health.ready ? s.engine.ready : s.engine.unavailable;
    } catch {
      ui.engine.dataset.engine = 'unavailable';
      ui.engine.textContent = s.engine.unavailable;
    }
  }

  const build = () => {
    if (building || !connected) return;
    const file = buildTarget();
    renderer = new BuildLogRenderer();
    terminal.clear();
    showPanel('log');
    terminal.write(ansi.bold(`$ docker build -f ${file} .`) + ansi.dim(`   (${editorOf(file).label})`) + '\r\n');
    setBuilding(file);
    for (const e of view.editors) if (timers.has(e.file)) flush(e.file);
    const sent: Record<string, string> & { Dockerfile: string } = { Dockerfile: editor.value(file) };
    if (view.editors.some((e) => e.file === '.dockerignore')) sent['.dockerignore'] = editor.value('.dockerignore');
    connection.send({ type: 'build', lab, file, files: sent });
  };
  ui.build.addEventListener('click', build);
  ui.cancel.addEventListener('click', () => connection.send({ type: 'cancel' }));
  editor.onBuildShortcut(build);
  root.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      build();
    }
  });

  // Reset: back to the starter, after asking.
  ui.reset.addEventListener('click', () => {
    const e = editorOf(active);
    if (!window.confirm(s.resetConfirm.replace('{file}', e.file))) return;
    editor.setValue(e.file, e.starter);
    dropPendingSave(e.file); // setValue fired a change; the starter needs no draft
    void forgetDraft(lab, e.file).catch(() => undefined);
  });

  // Solution: beside the learner's own file, read-only; nothing is replaced.
  let disposeDiff: (() => void) | undefined;
  ui.solution.addEventListener('click', () => {
    const e = editorOf(active);
    required<HTMLElement>(root, '[data-solution-title]').textContent = s.solutionTitle.replace('{file}', e.file);
    ui.dialog.showModal();
    disposeDiff = editor.diff(required<HTMLElement>(ui.dialog, '.wb-diff'), editor.value(e.file), e.solution);
  });
  ui.dialog.addEventListener('close', () => {
    disposeDiff?.();
    disposeDiff = undefined;
  });
  required<HTMLButtonElement>(ui.dialog, '[data-action="close-solution"]').addEventListener('click', () => ui.dialog.close());

  selectTab(active);
  root.dataset.ready = 'true';
}
