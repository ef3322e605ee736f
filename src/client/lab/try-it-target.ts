// Which editor tab a lesson's Dockerfile goes into ("Try it"): a multi-stage example into the
// tab whose answer is multi-stage, a one-stage example into a one-stage one (the node lab's
// Regular tab), else the lab's first Dockerfile tab.

/** The FROM lines of a Dockerfile: its stages. */
export function countStages(dockerfile: string): number {
  return dockerfile.match(/^[ \t]*FROM[ \t]/gim)?.length ?? 0;
}

export interface TryItEditor {
  file: string;
  buildable: boolean;
  solutionStages: number;
}

export function tryItTarget(dockerfile: string, editors: readonly TryItEditor[]): string | undefined {
  const buildable = editors.filter((e) => e.buildable);
  const multi = countStages(dockerfile) > 1;
  return (buildable.find((e) => e.solutionStages > 1 === multi) ?? buildable[0])?.file;
}
