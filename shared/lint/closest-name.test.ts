import { describe, expect, it } from 'vitest';
import { closestName, MAX_SUGGESTED_NAME, newBudget } from './closest-name.ts';
import { lintDockerfile } from './dockerfile-lint.ts';

describe('closestName', () => {
  const names = ['builder', 'test', 'runtime'];
  it('finds a typo among the first count candidates, and nothing that is not close', () => {
    expect(closestName('bulid', names, 3, newBudget())).toBe('builder');
    expect(closestName('rutnime', names, 3, newBudget())).toBe('runtime');
    expect(closestName('rutnime', names, 2, newBudget())).toBeUndefined();
    expect(closestName('zzzzzz', names, 3, newBudget())).toBeUndefined();
  });

  it('never compares names longer than a person types, and stops when its budget is spent', () => {
    expect(closestName('b'.repeat(MAX_SUGGESTED_NAME + 1), ['b'.repeat(MAX_SUGGESTED_NAME + 1)], 1, newBudget())).toBeUndefined();
    const budget = { cells: 'bulid'.length * 'builder'.length - 1 };
    expect(closestName('bulid', names, 3, budget)).toBeUndefined();
    // Each candidate costs at least one cell, so the budget always ends the search.
    const spent = newBudget();
    closestName('x', Array.from({ length: 10 }, () => 'far-away-name'), 10, spent);
    expect(spent.cells).toBe(newBudget().cells - 10);
  });

  it('a lint of many mistyped --from values still reports each, with suggestions until the budget runs out', () => {
    const stages = Array.from({ length: 200 }, (_, i) => `FROM alpine:3 AS stage-number-${i}`);
    const copies = Array.from({ length: 400 }, (_, i) => `COPY --from=stage-numbr-${i % 200} /a /a`);
    const found = lintDockerfile([...stages, 'FROM alpine:3', ...copies, 'USER nobody', ''].join('\n')).filter((d) => d.rule === 'copy-from-unknown-stage');
    expect(found).toHaveLength(400);
    expect(found[0]!.message).toContain('Did you mean "stage-number-0"?');
    expect(found[0]!.message).toContain('and 192 more');
    expect(found.at(-1)!.fix).toBeUndefined();
  });
});
