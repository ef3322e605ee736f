// What the page needs to know of a lab: editor files with their starter and solution texts,
// and the steps with their checkpoints' titles and hints. Built at site build time.
import type { Lab } from '../server/labs/lab-registry.ts';

export interface LabView {
  id: string;
  title: string;
  editors: Array<{ file: string; label: string; description: string; starter: string; solution: string; buildable: boolean }>;
  steps: Array<{ id: string; title: string; file: string; checkpoints: Array<{ id: string; title: string; hints: string[] }> }>;
}

export function labView(lab: Lab): LabView {
  const { definition } = lab;
  return {
    id: lab.id,
    title: definition.title,
    editors: definition.editors.map((e) => ({
      file: e.file,
      label: e.label,
      description: e.description,
      starter: lab.starters[e.file] ?? '',
      solution: lab.solutions[e.file] ?? '',
      buildable: e.buildable,
    })),
    steps: definition.steps.map((s) => ({
      id: s.id,
      title: s.title,
      file: s.file,
      checkpoints: s.checkpoints.map((c) => ({ id: c.id, title: c.title, hints: c.hints })),
    })),
  };
}
