// The Waste view: dive's efficiency and wasted bytes, and the files that cost them, each with
// the layers (and so the instructions) that wrote or removed them.
import type { ImageAnalysis } from '../../../shared/image-analysis/schema.ts';
import { formatBytes } from '../format.ts';
import { element } from '../workbench/checklist.ts';
import { layerText } from './layer-rows.ts';

type Strings = typeof import('../../strings.ts').strings.workbench.image;

export const percent = (fraction: number) => `${(fraction * 100).toFixed(1)} %`;

export function renderWaste(container: HTMLElement, analysis: ImageAnalysis, s: Strings): void {
  const { waste } = analysis;
  const figures = element('dl', 'ip-figures');
  const figure = (term: string, value: string, tone?: string) => {
    const box = element('div');
    if (tone) box.dataset.tone = tone;
    box.append(element('dt', '', term), element('dd', '', value));
    figures.append(box);
  };
  figure(s.efficiency, percent(waste.efficiency), waste.efficiency >= 0.95 ? 'good' : 'warn');
  figure(s.wasted, formatBytes(waste.wastedBytes), waste.wastedBytes === 0 ? 'good' : 'warn');
  figure(s.wastedFiles, String(waste.wastedFiles));
  const parts: HTMLElement[] = [figures, element('p', 'ip-note', s.wasteHelp)];
  if (waste.offenders.length === 0) {
    parts.push(element('p', 'ip-note', s.noWaste));
  } else {
    const table = element('table', 'ip-table');
    table.append(element('caption', '', s.offenders));
    const head = element('tr');
    for (const [text, cls] of [[s.path, ''], [s.bytes, 'ip-num'], [s.inLayers, '']] as const) {
      const th = element('th', cls, text);
      th.scope = 'col';
      head.append(th);
    }
    table.createTHead().append(head);
    const body = table.createTBody();
    for (const offender of waste.offenders) {
      const row = element('tr');
      const path = element('th');
      path.scope = 'row';
      path.append(element('code', '', offender.kind === 'dir' ? `${offender.path}/` : offender.path));
      const layers = element('td', 'ip-offender-layers');
      const list = element('ul');
      for (const index of offender.layers) {
        const layer = analysis.layers[index];
        list.append(element('li', '', `${index + 1}: ${layer ? layerText(layer, s.imported) : ''}`));
      }
      layers.append(list);
      row.append(path, element('td', 'ip-num', formatBytes(offender.bytes)), layers);
      body.append(row);
    }
    const scroll = element('div', 'ip-table-scroll');
    scroll.append(table);
    parts.push(scroll);
  }
  container.replaceChildren(...parts);
}
