// The image sizes table: each buildable Dockerfile's latest successful build, and how much
// smaller the multi-stage one is than the first (the baseline).
import type { LabView } from '../../lab-view.ts';
import { formatBytes, formatDuration, percentSmaller } from '../format.ts';

type Strings = typeof import('../../strings.ts').strings.workbench;
export interface SizeResult {
  imageSize: number;
  durationMs: number;
  stages: number;
}

export const stagesText = (n: number) => `${n} stage${n === 1 ? '' : 's'}`;

export class SizesView {
  private readonly sizes = new Map<string, SizeResult>();
  private readonly root: HTMLElement;
  private readonly view: LabView;
  private readonly strings: Strings;

  constructor(root: HTMLElement, view: LabView, strings: Strings) {
    this.root = root;
    this.view = view;
    this.strings = strings;
  }

  set(file: string, result: SizeResult): void {
    this.sizes.set(file, result);
    this.render();
  }

  has(file: string): boolean {
    return this.sizes.has(file);
  }

  render(): void {
    const s = this.strings;
    const buildable = this.view.editors.filter((e) => e.buildable);
    for (const e of buildable) {
      const cell = this.root.querySelector<HTMLElement>(`[data-size-row="${CSS.escape(e.file)}"] [data-size]`);
      const r = this.sizes.get(e.file);
      if (cell) cell.textContent = r ? `${formatBytes(r.imageSize)} · ${stagesText(r.stages)} · ${formatDuration(r.durationMs)}` : s.notBuilt;
    }
    const compare = this.root.querySelector<HTMLElement>('[data-compare]');
    if (!compare) return;
    const [baseline, ...others] = buildable.map((e) => ({ editor: e, result: this.sizes.get(e.file) }));
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
  }
}
