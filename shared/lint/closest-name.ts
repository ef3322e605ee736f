// "Did you mean builder?" for a mistyped stage name, within a CPU budget: edit distance is
// quadratic in the names' lengths and runs once per candidate, and the server lints on the
// request path, so a 64 KiB Dockerfile of long names or many stages must not cost seconds.

/** Names longer than this are never suggested: nobody types them by hand. */
export const MAX_SUGGESTED_NAME = 64;

/** Work left for one lint run, in edit-distance table cells (one cell is a few ns). */
export interface Budget {
  cells: number;
}

/** About 2 ms of edit distance per lint run. */
export const newBudget = (): Budget => ({ cells: 400_000 });

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

/** A name close enough to be a typo of value: at most half its letters (and 2) differ. */
const tolerance = (name: string) => Math.max(2, Math.ceil(name.length / 2));

/**
 * The candidate (of the first count) closest to value, if one is close enough to be a typo of it. Stops without a
 * suggestion, rather than late, when the budget runs out.
 */
export function closestName(value: string, candidates: readonly string[], count: number, budget: Budget): string | undefined {
  if (value.length > MAX_SUGGESTED_NAME) return undefined;
  let best: { name: string; distance: number } | undefined;
  for (let i = 0; i < Math.min(count, candidates.length); i++) {
    const name = candidates[i]!;
    // The distance is at least the difference in length: what cannot be close costs 1.
    const hopeless = name.length > MAX_SUGGESTED_NAME || Math.abs(name.length - value.length) > tolerance(name);
    const cost = hopeless ? 1 : Math.max(1, value.length * name.length);
    if (budget.cells < cost) return undefined;
    budget.cells -= cost;
    if (hopeless) continue;
    const distance = editDistance(name, value);
    if (distance <= tolerance(name) && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}
