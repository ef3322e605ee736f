// The Problems list under the editor: counts, then each finding with its line; a click goes
// to it, a rule links to its lesson, and a finding with an obvious fix offers it.
import type { Problem } from './dockerfile-language.ts';

type Strings = typeof import('../../strings.ts').strings.workbench;

export interface ProblemActions {
  reveal(problem: Problem): void;
  fix(problem: Problem): void;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function renderProblems(container: HTMLElement, problems: readonly Problem[], strings: Strings, actions: ProblemActions): void {
  const count = (severity: Problem['severity']) => problems.filter((p) => p.severity === severity).length;
  const summary = document.createElement('p');
  summary.className = 'wb-problems-summary';
  const errors = count('error');
  const warnings = count('warning');
  const infos = count('info');
  summary.textContent =
    problems.length === 0
      ? strings.noProblems
      : [errors && plural(errors, 'error'), warnings && plural(warnings, 'warning'), infos && plural(infos, 'note')].filter(Boolean).join(', ');
  summary.dataset.severity = errors ? 'error' : warnings ? 'warning' : 'none';
  const list = document.createElement('ul');
  for (const problem of problems) {
    const item = document.createElement('li');
    item.dataset.severity = problem.severity;
    const go = document.createElement('button');
    go.type = 'button';
    go.className = 'wb-problem';
    go.textContent = `${strings.line} ${problem.line}: ${problem.message}`;
    go.title = problem.message;
    go.addEventListener('click', () => actions.reveal(problem));
    item.append(go);
    if (problem.rule && problem.docs) {
      const link = document.createElement('a');
      link.href = problem.docs;
      link.textContent = problem.rule;
      link.className = 'wb-problem-rule';
      item.append(link);
    }
    if (problem.fix) {
      const fix = document.createElement('button');
      fix.type = 'button';
      fix.className = 'button subtle small';
      fix.textContent = `${strings.fix}: ${problem.fix.title}`;
      fix.title = problem.fix.title;
      fix.addEventListener('click', () => actions.fix(problem));
      item.append(fix);
    }
    list.append(item);
  }
  container.replaceChildren(summary, list);
}
