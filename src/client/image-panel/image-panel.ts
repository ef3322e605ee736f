// The Image panel beside the build log and the checkpoints: after each successful build the
// server announces its analysis (`analysis` message); the panel fetches the whole of it and
// shows it in four views (Layers, Files, Waste, Stages). Its life is the state machine of
// panel-state.ts; each view draws when it is first shown for an analysis.
import { imageAnalysisSchema, sizeHistorySchema, type ImageAnalysis } from '../../../shared/image-analysis/schema.ts';
import type { AnalysisMessage } from '../../../shared/protocol/messages.ts';
import { fill, formatBytes } from '../format.ts';
import { element } from '../workbench/checklist.ts';
import { markSelected, wireTabs } from '../workbench/tabs.ts';
import { FilesView } from './files-view.ts';
import { LayersView, type LayersActions } from './layers-view.ts';
import { createPanelStore, type PanelState } from './panel-state.ts';
import { afterPaint } from './panel-timing.ts';
import { renderStages } from './stages-view.ts';
import { renderWaste } from './waste-view.ts';

type Strings = typeof import('../../strings.ts').strings.workbench.image;
const VIEWS = ['layers', 'files', 'waste', 'stages'] as const;
type View = (typeof VIEWS)[number];

export class ImagePanel {
  readonly store = createPanelStore();
  private readonly lab: string;
  private readonly strings: Strings;
  private readonly labelOf: (file: string) => string;
  private readonly idPrefix: string;
  private readonly status: HTMLParagraphElement;
  private readonly tabs: HTMLButtonElement[];
  private readonly panels: Record<View, HTMLElement>;
  private readonly layers: LayersView;
  private readonly files: FilesView;
  private view: View = 'layers';
  /** The analysis each view last drew. */
  private readonly drawn = new Map<View, ImageAnalysis>();
  private file = '';
  private restoring = false;

  constructor(container: HTMLElement, lab: string, strings: Strings, actions: LayersActions & { labelOf(file: string): string }, idPrefix: string) {
    this.lab = lab;
    this.strings = strings;
    this.labelOf = actions.labelOf;
    this.idPrefix = idPrefix;
    this.status = element('p', 'ip-status', strings.empty);
    const tablist = element('div', 'ip-tabs');
    tablist.setAttribute('role', 'tablist');
    tablist.setAttribute('aria-label', strings.views);
    this.tabs = VIEWS.map((view) => {
      const tab = element('button', '', strings[view]);
      tab.type = 'button';
      tab.id = `${idPrefix}-tab-${view}`;
      tab.setAttribute('role', 'tab');
      tab.setAttribute('aria-controls', `${idPrefix}-view-${view}`);
      return tab;
    });
    tablist.append(...this.tabs);
    const panels = VIEWS.map((view) => {
      const panel = element('div', `ip-view ip-view-${view}`);
      panel.id = `${idPrefix}-view-${view}`;
      panel.setAttribute('role', 'tabpanel');
      panel.setAttribute('aria-labelledby', `${idPrefix}-tab-${view}`);
      panel.tabIndex = view === 'files' ? -1 : 0; // Files: its tree takes focus itself
      return [view, panel] as const;
    });
    this.panels = Object.fromEntries(panels) as unknown as Record<View, HTMLElement>;
    this.layers = new LayersView(this.panels.layers, strings, actions, idPrefix);
    this.files = new FilesView(this.panels.files, strings, idPrefix);
    container.replaceChildren(this.status, tablist, ...panels.map(([, p]) => p));
    wireTabs(this.tabs, (i, focus) => this.select(VIEWS[i]!, focus));
    this.store.$state.subscribe((state) => this.render(state));
  }

  /** The learner started a build of `file`: what is shown becomes the previous image. */
  buildStarted(file: string): void {
    this.file = file;
    this.store.dispatch({ type: 'build-started' });
  }

  analysis(message: AnalysisMessage, file: string): void {
    performance.clearMarks('mslab:analysis');
    performance.mark('mslab:analysis');
    this.file = file;
    if (message.summary === undefined) {
      this.store.dispatch({ type: 'unavailable', buildId: message.buildId, reason: message.error ?? '' });
      return;
    }
    this.store.dispatch({ type: 'announced', buildId: message.buildId });
    void this.fetch(message.buildId);
  }

  /** The panel came into view: the Stages drawing fits itself to the width it now has. */
  shown(): void {
    if (this.view === 'stages') this.drawn.delete('stages');
    this.drawView();
    if (this.store.$state.get().phase === 'empty' && !this.restoring) void this.restore();
  }

  /** After a reload the panel starts empty: it shows the newest build the server may still hold. */
  private async restore(): Promise<void> {
    this.restoring = true;
    try {
      const response = await fetch(`/api/labs/${encodeURIComponent(this.lab)}/size-history`, { cache: 'no-store' });
      const history = response.ok ? sizeHistorySchema.safeParse(await response.json()) : undefined;
      if (!history?.success) return;
      const builds = history.data.files.flatMap((f) => f.builds.map((b) => ({ file: f.file, buildId: b.buildId, at: b.at })));
      const newest = builds.sort((a, b) => b.at - a.at)[0];
      if (!newest || this.store.$state.get().phase !== 'empty') return; // a build came first
      this.file = newest.file;
      this.store.dispatch({ type: 'announced', buildId: newest.buildId });
      await this.fetch(newest.buildId);
    } catch {
      // Stays empty: the next build fills it.
    }
  }

  private async fetch(buildId: string): Promise<void> {
    const failed = (reason: string) => this.store.dispatch({ type: 'failed', buildId, reason });
    try {
      const response = await fetch(`/api/labs/${encodeURIComponent(this.lab)}/builds/${encodeURIComponent(buildId)}/analysis`, { cache: 'no-store' });
      const body: unknown = await response.json().catch(() => undefined);
      const fetched = performance.now();
      if (!response.ok) {
        const error = (body as { error?: unknown } | undefined)?.error;
        failed(typeof error === 'string' ? error : fill(this.strings.fetchFailed, { status: `HTTP ${response.status}` }));
        return;
      }
      const parsed = imageAnalysisSchema.safeParse(body);
      const validated = performance.now();
      if (!parsed.success) failed(fill(this.strings.fetchFailed, { status: parsed.error.issues[0]?.path.join('.') ?? 'invalid' }));
      else this.store.dispatch({ type: 'loaded', analysis: parsed.data });
      // Where the time to the panel goes (bench/image-panel.ts prints it).
      const start = performance.getEntriesByName('mslab:analysis').at(-1)?.startTime ?? fetched;
      performance.measure('mslab:analysis-fetch', { start, end: fetched });
      performance.measure('mslab:analysis-validate', { start: fetched, end: validated });
      performance.measure('mslab:analysis-draw', { start: validated, end: performance.now() });
    } catch (error) {
      failed(fill(this.strings.fetchFailed, { status: error instanceof Error ? error.message : String(error) }));
    }
  }

  private select(view: View, focus: boolean): void {
    this.view = view;
    this.drawView();
    markSelected(this.tabs, VIEWS.indexOf(view), focus);
  }

  private render(state: PanelState): void {
    const s = this.strings;
    const a = state.analysis;
    const label = this.labelOf(a?.file ?? this.file);
    const summary = a && fill(a.target !== undefined ? s.ofTarget : s.of, { file: this.labelOf(a.file), target: a.target ?? '', size: formatBytes(a.summary.imageSize), layers: a.summary.layers, files: a.summary.files.toLocaleString('en') });
    this.status.dataset.phase = state.phase;
    this.status.textContent =
      state.phase === 'empty'
        ? s.empty
        : state.phase === 'loading'
          ? fill(s.loading, { file: label })
          : state.phase === 'error'
            ? fill(s.error, { reason: state.reason ?? '' })
            : state.phase === 'stale'
              ? fill(s.stale, { file: label })
              : (summary ?? '');
    const hasViews = a !== undefined && state.phase !== 'error';
    this.tabs[0]!.parentElement!.hidden = !hasViews;
    if (!hasViews) for (const panel of Object.values(this.panels)) panel.hidden = true;
    else this.select(this.view, false);
    if (state.phase === 'ready' && performance.getEntriesByName('mslab:analysis').length > 0) {
      afterPaint(() => {
        performance.measure('mslab:analysis->panel', 'mslab:analysis');
        performance.clearMarks('mslab:analysis');
      });
    }
  }

  /** Shows the selected view, drawing it first if it has not drawn this analysis yet. */
  private drawView(): void {
    const analysis = this.store.$state.get().analysis;
    for (const view of VIEWS) this.panels[view].hidden = view !== this.view || analysis === undefined;
    if (!analysis || this.drawn.get(this.view) === analysis) return;
    this.drawn.set(this.view, analysis);
    const panel = this.panels[this.view];
    if (this.view === 'layers') this.layers.render(analysis);
    else if (this.view === 'files') this.files.render(analysis);
    else if (this.view === 'waste') renderWaste(panel, analysis, this.strings);
    else renderStages(panel, analysis.stages, this.strings, this.idPrefix);
  }
}
