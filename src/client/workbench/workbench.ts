// The lab workbench: wires the stores (build state, drafts, progress) to the page. Each
// concern has its module: build-state (the build's life), build-follower (the socket side of
// a build), draft-sync (drafts), steps-view, sizes-view, save-view, solution-dialog, tabs.
// Monaco (desktop) and the terminal load in parallel; the plain editor (phones) is small and
// comes with this module: a separate chunk cost a phone on slow 4G another round trip (0.6 s).
import type { LabView } from '../../lab-view.ts';
import { createBuildContext } from '../build-context/build-context.ts';
import { ContextView } from '../build-context/context-view.ts';
import { wireFileDialog } from '../build-context/file-dialog.ts';
import { createImageCompare } from '../compare/image-compare.ts';
import { fill, formatBytes, formatDuration } from '../format.ts';
import { analysisLogLine, skippedStagesLine } from '../image-panel/analysis-log.ts';
import { ImagePanel } from '../image-panel/image-panel.ts';
import { StagePicker } from '../image-panel/stage-picker.ts';
import { DraftSync } from '../lab/draft-sync.ts';
import { wireChallengeToggle } from '../lab/challenge-toggle.ts';
import { loadHelp } from '../lab/lab-help.ts';
import { applyVerdicts, labStores, loadProgress, reloadProgress, stepState, type PageProgress } from '../lab/progress.ts';
import { wireTryIt } from '../lab/try-it-view.ts';
import { currentTheme, type Theme } from '../theme.ts';
import { createAnnouncer } from './announcer.ts';
import { BuildConnection, buildSocketUrl } from './build-connection.ts';
import { BuildFollower } from './build-follower.ts';
import { ansi } from './build-log.ts';
import { BuildOutput } from './build-output.ts';
import { buildTiming } from './build-timing.ts';
import { createBuildStore, isActive } from './build-state.ts';
import { watchBuild } from './build-watchdog.ts';
import { Checklist } from './checklist.ts';
import { checkpointsSummary } from './checkpoints-summary.ts';
import { wantsPlainEditor } from './editor-choice.ts';
// Before anything here parses a Dockerfile (the stage picker does, before an editor's checks load).
import './node-globals.ts';
import { createPlainEditor } from './plain-editor.ts';
import { editorLabel, type LabEditor } from './lab-editor.ts';
import { LogText } from './log-text.ts';
import { renderProblems } from './problems-list.ts';
import { wireSaveView } from './save-view.ts';
import { buildShortcutAria, buildShortcutLabel, currentPlatform, isBuildShortcut } from './shortcuts.ts';
import { SizesView, stagesText } from './sizes-view.ts';
import { wireSolutionDialog } from './solution-dialog.ts';
import { StepsView } from './steps-view.ts';
import { markSelected, wireTabs } from './tabs.ts';
import type { ServerMessage, StepMessage } from '../../../shared/protocol/messages.ts';

type Strings = typeof import('../../strings.ts').strings.workbench;
export interface WorkbenchLimits {
  messageBytes: number;
  buildSeconds: number;
}

/** How long the editor waits for the saved drafts before opening on the starters. */
const DRAFTS_GRACE_MS = 3000;
/** Heartbeats come every 15 s (docs/protocol.md): this much silence means a dead socket. */
const SOCKET_SILENCE_MS = 40_000;
const LOG_LINES = 5000;


function required<T extends Element>(root: ParentNode, selector: string): T {
  const element = root.querySelector<T>(selector);
  if (!element) throw new Error(`workbench markup lacks ${selector}`);
  return element;
}

export async function mountWorkbench(root: HTMLElement): Promise<void> {
  const view = JSON.parse(root.dataset.view ?? '{}') as LabView;
  const s = JSON.parse(root.dataset.strings ?? '{}') as Strings;
  const limits = JSON.parse(root.dataset.limits ?? '{}') as WorkbenchLimits;
  const lab = view.id;
  const stores = labStores(lab);
  const editorOf = (file: string) => view.editors.find((e) => e.file === file)!;
  const ui = {
    build: required<HTMLButtonElement>(root, '[data-action="build"]'),
    cancel: required<HTMLButtonElement>(root, '[data-action="cancel"]'),
    reset: required<HTMLButtonElement>(root, '[data-action="reset"]'),
    engine: required<HTMLElement>(root, '.wb-engine'),
    description: required<HTMLElement>(root, '[data-description]'),
    editorBox: required<HTMLElement>(root, '.wb-editor'),
    tabs: [...root.querySelectorAll<HTMLButtonElement>('[role="tab"]')],
    switches: [...root.querySelectorAll<HTMLButtonElement>('[data-show]')],
    panels: [...root.querySelectorAll<HTMLElement>('[data-panel]')],
    dialog: required<HTMLDialogElement>(root, 'dialog'),
    problems: required<HTMLElement>(root, '.wb-problems'),
  };

  // With several labs on a page, their landmarks (steps, Problems, Build log...) say whose they are.
  if (document.querySelectorAll('.workbench').length > 1) {
    for (const landmark of root.querySelectorAll('nav[aria-label], [role="region"][aria-label]')) {
      landmark.setAttribute('aria-label', `${landmark.getAttribute('aria-label')}: ${view.title}`);
    }
  }

  // Shortcuts as this platform spells them.
  const platform = currentPlatform(navigator);
  const shortcut = buildShortcutLabel(platform);
  ui.build.setAttribute('aria-keyshortcuts', buildShortcutAria(platform));
  root.querySelectorAll('[data-shortcut]').forEach((el) => (el.textContent = shortcut));

  // The heavy parts load in parallel with the saved drafts.
  const plain = wantsPlainEditor(window);
  root.toggleAttribute('data-plain', plain);
  const monacoModule = plain ? undefined : import('./editor.ts');
  const terminalModule = plain ? undefined : import('./terminal.ts');
  const announcer = createAnnouncer(required(root, '[data-announcer]'));
  const output = new BuildOutput(new LogText(required(root, '[data-log-text]'), LOG_LINES));
  void terminalModule?.then((m) => output.attachTerminal(m.createTerminal(required(root, '.wb-terminal'), currentTheme())));
  const timeout = new Promise<undefined>((resolve) => setTimeout(resolve, DRAFTS_GRACE_MS, undefined));
  const progressLoad = loadProgress(lab);
  const early = await Promise.race([progressLoad, timeout]);

  const starters = Object.fromEntries(view.editors.map((e) => [e.file, e.starter]));
  const files = { ...starters, ...early?.drafts };
  let active = view.editors[0]!.file;
  const editor: LabEditor = monacoModule
    ? (await monacoModule).createEditor(ui.editorBox, lab, files, active, currentTheme())
    : createPlainEditor(ui.editorBox, files, active);
  window.addEventListener('themechange', (e) => {
    const theme = (e as CustomEvent<Theme>).detail;
    editor.setTheme(theme);
    output.setTheme(theme);
  });

  // Drafts: saved as the learner types, held until the saved ones have loaded.
  const drafts = new DraftSync(lab);
  editor.onChange((file, text) => drafts.changed(file, text));
  window.addEventListener('pagehide', () => drafts.pagehide());
  wireSaveView(
    {
      status: required(root, '[data-save-status]'),
      conflict: required(root, '[data-conflict]'),
      conflictText: required(root, '[data-conflict-text]'),
      takeTheirs: required(root, '[data-action="take-theirs"]'),
      keepMine: required(root, '[data-action="keep-mine"]'),
    },
    drafts,
    s,
    announcer,
    stores.loadFailures,
    (file) => editor.value(file),
    (file, text) => editor.setValue(file, text ?? editorOf(file).starter),
  );
  const sizes = new SizesView(root, view, s);
  /** The latest builds the server kept (verdicts reach the stores as progress loads). */
  const showStoredBuilds = (progress: PageProgress) => {
    for (const [file, build] of Object.entries(progress.builds)) {
      if (build.ok && build.imageSize !== null) sizes.set(file, { imageSize: build.imageSize, durationMs: build.durationMs, stages: build.stages });
    }
    sizes.render();
  };
  const progressArrived = (progress: PageProgress, openedWithDrafts: boolean) => {
    showStoredBuilds(progress);
    if (!openedWithDrafts) {
      // The editor opened on the starters: take the saved drafts, unless the learner already
      // typed there, in which case they choose.
      for (const [file, text] of Object.entries(progress.drafts)) {
        if (editor.value(file) === starters[file]) editor.setValue(file, text);
        else if (editor.value(file) !== text) drafts.conflict(file, text, progress.draftVersions[file] ?? 0);
      }
    }
    drafts.load(progress.draftVersions);
  };
  if (early) progressArrived(early, true);
  else void progressLoad.then((progress) => progressArrived(progress, false));

  // The Problems list follows the tab in view. It is not a live region: it would talk over the
  // learner after every pause in typing. Its summary is said when a build starts.
  const showProblems = (file: string) => {
    ui.problems.hidden = !editorOf(file).buildable;
    if (ui.problems.hidden) return;
    renderProblems(ui.problems, editor.problems(file), s, {
      reveal: (p) => editor.reveal(file, p.line, p.column),
      fix: (p) => p.fix && editor.applyFix(file, p.fix),
    });
  };
  editor.onProblems((file) => file === active && showProblems(file));

  // What is inside the last image; a layer of the learner's takes the editor to its line.
  const imagePanel = new ImagePanel(
    required(root, '[data-image-panel]'),
    lab,
    s.image,
    {
      goTo: (file, line) => {
        if (file !== active) selectTab(file);
        editor.reveal(file, line, 1);
      },
      labelOf: (file) => view.editors.find((e) => e.file === file)?.label ?? file,
    },
    `lab-${lab}-image`.replace(/[^A-Za-z0-9_-]/g, '_'),
  );
  // Build up to a stage: the picker follows the stages of the file Build would build.
  const picker = new StagePicker(required(root, '[data-target]'), s.targetWhole);
  let pickerTimer = 0;
  editor.onChange((file, text) => {
    if (file !== buildTarget()) return;
    clearTimeout(pickerTimer);
    pickerTimer = window.setTimeout(() => picker.update(text), 300);
  });

  // Panels under the editor: the build log, the checkpoints or the image.
  const showPanel = (name: string) => {
    ui.switches.forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.show === name)));
    ui.panels.forEach((p) => (p.hidden = p.dataset.panel !== name));
    if (name === 'image') imagePanel.shown();
  };
  ui.switches.forEach((b) => b.addEventListener('click', () => showPanel(b.dataset.show!)));

  const selectTab = (file: string, focus = false) => {
    active = file;
    const index = ui.tabs.findIndex((t) => t.dataset.file === file);
    markSelected(ui.tabs, index, focus);
    ui.editorBox.setAttribute('aria-labelledby', ui.tabs[index]!.id);
    ui.description.textContent = editorOf(file).description;
    editor.show(file, editorLabel(s.editorLabel, editorOf(file).label, file));
    showProblems(file);
    picker.update(editor.value(buildTarget()));
    updateButtons();
  };
  wireTabs(ui.tabs, (i, focus) => selectTab(ui.tabs[i]!.dataset.file!, focus));

  // Steps: the strip of numbered marks and the current step's checklist.
  const checklist = new Checklist(required(root, '.wb-checks'), s, lab);
  wireChallengeToggle(required(root, '[data-action="challenge"]'), required(root, '[data-challenge-note]'), lab, s);
  const steps = new StepsView(view, stores, { buttons: [...root.querySelectorAll<HTMLButtonElement>('[data-step]')], title: required(root, '[data-step-title]'), count: required(root, '[data-check-count]') }, checklist, s);
  for (const b of root.querySelectorAll<HTMLButtonElement>('[data-step]')) {
    b.addEventListener('click', () => {
      stores.currentStep.set(b.dataset.step);
      const step = steps.step(b.dataset.step);
      if (step) selectTab(step.file);
      showPanel('checks');
    });
  }

  // The build: its state machine, the watchdog, and the follower on the socket.
  const build = createBuildStore();
  const watchdog = watchBuild(build, { acceptMs: 15_000, quietMs: (limits.buildSeconds + 60) * 1000, checkingMs: 180_000 }, s.watchdog);
  let connected = false;
  /** Why the checks could not run, when the server said so before the checkpoints. */
  let checksError: string | undefined;
  const follower = new BuildFollower(
    lab,
    build,
    watchdog,
    {
      send: (message) => connection.send(message),
      draw: (message) => drawMessage(message),
      adopted: (file) => {
        output.restart();
        sentDockerfile = undefined; // another tab's text: its stages are not known here
        imagePanel.buildStarted(file);
        output.write(ansi.bold(`$ docker build -f ${file} .`) + ansi.dim(`   (${editorOf(file).label})`) + '\r\n');
        showPanel('log');
        announcer.say(fill(s.announce.adopted, { file }));
      },
      lost: () => void reloadProgress(lab).then(showStoredBuilds),
    },
    { lost: s.lost, lostBeforeAccepted: s.lostBeforeAccepted },
  );

  /** Build the tab in view; from a non-Dockerfile tab (.dockerignore), the current step's file. */
  const buildTarget = () => (editorOf(active).buildable ? active : (steps.step(steps.current())?.file ?? view.editors.find((e) => e.buildable)!.file));
  const updateButtons = () => {
    const { phase } = build.$state.get();
    ui.build.disabled = isActive(phase) || !connected;
    ui.build.title = `${s.build} ${buildTarget()} (${shortcut})`;
    ui.cancel.disabled = !(phase === 'queued' || phase === 'building' || phase === 'checking');
    root.toggleAttribute('data-building', isActive(phase));
    root.dataset.buildPhase = phase;
  };
  build.$state.subscribe((state, previous) => {
    updateButtons();
    if (state.reason && state.reason !== previous?.reason) {
      output.write(ansi.red(`✖ ${state.reason}`) + '\r\n');
      announcer.say(state.reason);
    }
    if (state.phase === 'disconnected') output.write(ansi.yellow(`! ${s.engine.offline}`) + '\r\n');
    if (previous?.phase === 'disconnected' && isActive(state.phase)) announcer.say(s.announce.resumed);
  });

  /** The Dockerfile this page sent and the build's steps: which stages it skipped. */
  let sentDockerfile: string | undefined;
  let traced: StepMessage[] = [];
  const drawMessage = (message: ServerMessage) => {
    buildTiming.received(message.type);
    if (message.type !== 'checkpoints') output.draw(message, buildTiming.awaitingFirstLine() ? buildTiming.drawn : undefined);
    if (message.type === 'error' && message.code === 'checks-failed') checksError = message.message;
    if (message.type === 'result') onResult(message);
    if (message.type === 'checkpoints') onCheckpoints(message);
    if (message.type === 'step') traced.push(message);
    if (message.type === 'analysis') {
      imagePanel.analysis(message, build.$state.get().file ?? active);
      const line = analysisLogLine(message, s.image);
      if (line) output.write(ansi.yellow(line) + '\r\n');
    }
  };

  const onResult = (result: Extract<ServerMessage, { type: 'result' }>) => {
    checklist.builtUpTo(result.target);
    const skipped = sentDockerfile !== undefined && result.ok ? skippedStagesLine(sentDockerfile, traced, result.target, s.image) : undefined;
    if (skipped) output.write(ansi.dim(skipped) + '\r\n');
    if (result.ok && result.imageSize !== undefined) sizes.set(result.file, { imageSize: result.imageSize, durationMs: result.durationMs, stages: result.stages });
    const said =
      result.ok && result.imageSize !== undefined
        ? fill(s.announce.imageBuilt, { size: formatBytes(result.imageSize), stages: stagesText(result.stages), time: formatDuration(result.durationMs) })
        : result.outcome === 'cancelled'
          ? s.announce.cancelled
          : result.outcome === 'timeout'
            ? s.announce.timeout
            : fill(s.announce.buildFailed, { step: '' });
    announcer.say(result.checking ? `${said} ${s.checking}` : said);
    if (result.checking) output.write(ansi.dim(s.checking) + '\r\n');
  };

  const onCheckpoints = (message: Extract<ServerMessage, { type: 'checkpoints' }>) => {
    applyVerdicts(lab, message.steps);
    // The server counted this build's attempt: hints or the solution may have unlocked.
    void loadHelp(lab).catch(() => undefined);
    // Show the checklist of the step just checked (the first not yet passed among them).
    const checked = message.steps.map((st) => steps.step(st.step)).filter((st) => st !== undefined);
    const verdicts = stores.verdicts.get();
    const focus = checked.find((st) => stepState(st, verdicts) !== 'passed') ?? checked.at(-1);
    if (focus) stores.currentStep.set(focus.id);
    const summary = checkpointsSummary(message, checksError, s);
    output.write((summary.checksFailed ? ansi.red(summary.text) : ansi.dim(summary.text)) + '\r\n');
    const said = checked.map((st) => {
      const n = view.steps.indexOf(st) + 1;
      const got = verdicts[st.id] ?? {};
      return stepState(st, verdicts) === 'passed'
        ? fill(s.announce.stepDone, { step: n })
        : fill(s.announce.checks, { step: n, passed: st.checkpoints.filter((c) => got[c.id]?.status === 'pass').length, total: st.checkpoints.length });
    });
    announcer.say(summary.checksFailed ? summary.text : said.join(' '));
    if (sizes.has(message.file)) showPanel('checks');
  };

  const connection = new BuildConnection(
    buildSocketUrl(location),
    {
      message: (message) => follower.receive(message),
      state: (state, detail) => {
        connected = state === 'open';
        if (state === 'open') void checkEngine();
        else if (state === 'closed') {
          ui.engine.dataset.engine = 'offline';
          ui.engine.textContent = s.engine.offline;
          if (detail) output.write(ansi.dim(`(${detail})`) + '\r\n');
          follower.connectionClosed();
        }
        updateButtons();
      },
    },
    { maxMessageBytes: limits.messageBytes, silenceMs: SOCKET_SILENCE_MS },
  );

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

  const startBuild = () => {
    if (isActive(build.$state.get().phase) || !connected || ui.dialog.open) return;
    buildTiming.pressed();
    const file = buildTarget();
    const sent: Record<string, string> & { Dockerfile: string } = { Dockerfile: editor.value(file) };
    if (view.editors.some((e) => e.file === '.dockerignore')) sent['.dockerignore'] = editor.value('.dockerignore');
    // Checked here: a frame over the socket's limit would close it (1009) and lose the page's place.
    const target = picker.target();
    const request = { type: 'build' as const, lab, file, files: sent, ...(target !== undefined && { target }) };
    const bytes = new TextEncoder().encode(JSON.stringify(request)).length;
    if (bytes > limits.messageBytes) {
      const said = fill(s.tooLarge, { size: formatBytes(bytes), limit: formatBytes(limits.messageBytes) });
      output.write(ansi.red(`✖ ${said}`) + '\r\n');
      showPanel('log');
      announcer.say(said);
      return;
    }
    output.restart();
    checksError = undefined;
    sentDockerfile = sent.Dockerfile;
    traced = [];
    if (follower.start(request) !== 'sent') return;
    buildTiming.sent();
    imagePanel.buildStarted(file);
    showPanel('log');
    output.write(ansi.bold(`$ docker build -f ${file}${target !== undefined ? ` --target ${target}` : ''} .`) + ansi.dim(`   (${editorOf(file).label})`) + '\r\n');
    drafts.flush();
    const problems = editor.problems(file);
    const summary = ui.problems.querySelector('.wb-problems-summary')?.textContent;
    announcer.say(fill(s.announce.building, { file }) + (problems.length > 0 && summary ? ` ${fill(s.announce.problems, { summary })}` : ''));
  };
  ui.build.addEventListener('click', startBuild);
  ui.cancel.addEventListener('click', () => follower.cancel());
  editor.onBuildShortcut(startBuild);
  root.addEventListener('keydown', (event) => {
    // Not from inside the Solution dialog: the build would start behind it.
    if (!isBuildShortcut(event) || ui.dialog.open) return;
    event.preventDefault();
    startBuild();
  });

  // Reset: back to the starter, after asking.
  ui.reset.addEventListener('click', () => {
    const e = editorOf(active);
    if (!window.confirm(s.resetConfirm.replace('{file}', e.file))) return;
    editor.setValue(e.file, e.starter);
    void drafts.forget(e.file).catch(() => undefined);
  });

  wireSolutionDialog(ui.dialog, required(root, '[data-action="solution"]'), editor, lab, () => active, s);

  // Try it: a lesson's Dockerfile into its tab, the learner's version kept for Undo.
  wireTryIt(
    required(root, '[data-try]'),
    {
      lab,
      editors: view.editors,
      show: (file) => selectTab(file),
      value: (file) => editor.value(file),
      replace: (file, text) => {
        editor.setValue(file, text);
        drafts.changed(file, text);
      },
      say: (text) => announcer.say(text),
    },
    s,
  );

  // Beside the tabs, the build context as the next build would send it (live as .dockerignore
  // changes); under the sizes, the size history and two builds compared. Both need the
  // learner's cookie, so they load after the progress; the comparison again after each build.
  const fileDialog = wireFileDialog(
    { dialog: required(root, '[data-file-dialog]'), title: required(root, '[data-file-title]'), text: required(root, '[data-file-text]'), close: required(root, '[data-action="close-file"]') },
    s.buildContext,
  );
  const contextView = new ContextView({ body: required(root, '[data-context-body]'), size: required(root, '[data-context-size]') }, s.buildContext, fileDialog);
  const hasIgnoreTab = view.editors.some((e) => e.file === '.dockerignore');
  const context = createBuildContext(lab, contextView, () => ({ Dockerfile: editor.value(buildTarget()), ...(hasIgnoreTab && { '.dockerignore': editor.value('.dockerignore') }) }));
  editor.onChange(() => context.update());
  // The Dockerfile sent is the one Build would build: it follows the tab and the step in view.
  for (const picker of root.querySelectorAll('.wb-tabs, .wb-steps')) for (const type of ['click', 'keyup']) picker.addEventListener(type, () => context.update());
  const images = createImageCompare(lab, { history: required(root, '[data-history-body]'), compare: required(root, '[data-compare-body]'), idPrefix: `lab-${lab}-compare`.replace(/[^A-Za-z0-9_-]/g, '_') }, s);
  void progressLoad.then(() => Promise.all([context.load(), images.refresh()]));
  build.$state.subscribe((state, previous) => {
    if (previous && isActive(previous.phase) && !isActive(state.phase)) void images.refresh();
  });

  selectTab(active);
  root.dataset.ready = 'true';
}
