// The size history and the comparison of two builds, kept up to date: both load when the page
// has its learner, and again after every build that ends (its analysis is in by then). The
// learner's choice of builds is kept while both are; otherwise Regular against Multi-stage.
import type { ImageComparison, SizeHistory } from '../../../shared/image-analysis/schema.ts';
import { buildChoices, keptPair, type BuildPair } from './build-choices.ts';
import { fetchComparison, fetchSizeHistory } from './compare-api.ts';
import { CompareView } from './compare-view.ts';
import { HistoryView } from './history-view.ts';
import { createLoadStore, loadInto } from './load-state.ts';

type Strings = typeof import('../../strings.ts').strings.workbench;

export interface ImageCompareParts {
  history: HTMLElement;
  compare: HTMLElement;
  /** Unique per workbench: ids of the compare form's fields start with it. */
  idPrefix: string;
}

export interface ImageCompare {
  /** Reads the size history again and compares the pair in view. */
  refresh(): Promise<void>;
}

export function createImageCompare(lab: string, parts: ImageCompareParts, strings: Strings): ImageCompare {
  const history = createLoadStore<SizeHistory>();
  const comparison = createLoadStore<ImageComparison>();
  const historyView = new HistoryView(parts.history, strings.sizeHistory);
  /** The pair the learner picked; until they do, the default follows their latest builds. */
  let picked: BuildPair | undefined;
  let inView: BuildPair | undefined;
  let refreshes = 0;

  const compare = (pair: BuildPair | undefined) => {
    inView = pair;
    if (!pair) return comparison.send({ type: 'reset' });
    void loadInto(comparison, `${pair.a}:${pair.b}`, () => fetchComparison(lab, pair));
  };
  const compareView = new CompareView(parts.compare, parts.idPrefix, strings.compareBuilds, {
    choose: (pair) => {
      picked = pair;
      compare(pair);
    },
  });
  history.$state.subscribe((state) => historyView.render(state));
  comparison.$state.subscribe((state) => compareView.render(state));

  return {
    async refresh() {
      await loadInto(history, String(++refreshes), () => fetchSizeHistory(lab));
      const { phase, data } = history.$state.get();
      if (phase !== 'ready' || !data) return;
      const pair = keptPair(data, picked);
      compareView.setChoices(buildChoices(data), pair);
      if (pair?.a !== inView?.a || pair?.b !== inView?.b || comparison.$state.get().phase !== 'ready') compare(pair);
    },
  };
}
