// What the page needs to know of a lab: editor files with their starter texts, and the steps
// with their checkpoints' titles. Built at site build time. Hints and solutions are not here:
// the page asks the server for them (server/lab-help), which decides what is unlocked.
import type { Lab } from '../server/labs/lab-registry.ts';
import { countStages } from './client/lab/try-it-target.ts';

export interface LabView {
  id: string;
  title: string;
  editors: Array<{
    file: string;
    label: string;
    description: string;
    starter: string;
    buildable: boolean;
    /** How many stages the file's answer has: a lesson's Dockerfile goes to the tab whose answer has one stage, or several, as it does ("Try it"). */
    solutionStages: number;
  }>;
  steps: Array<{ id: string; title: string; file: string; checkpoints: Array<{ id: string; title: string }> }>;
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
      buildable: e.buildable,
      solutionStages: countStages(lab.solutions[e.file] ?? lab.starters[e.file] ?? ''),
    })),
    steps: definition.steps.map((s) => ({
      id: s.id,
      title: s.title,
      file: s.file,
      checkpoints: s.checkpoints.map((c) => ({ id: c.id, title: c.title })),
    })),
  };
}
