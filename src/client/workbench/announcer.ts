// One polite live region per workbench: build outcomes, verdicts and save troubles are said
// once, when they happen. Nothing else in the workbench is a live region, so typing, a
// re-rendered Problems list or a streaming log never talk over the learner.
export interface Announcer {
  say(text: string): void;
}

export function createAnnouncer(region: HTMLElement): Announcer {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    say(text) {
      // Emptied first, then filled on the next task: screen readers announce a change, so the
      // same words twice in a row (two failed builds) are still heard twice.
      region.textContent = '';
      clearTimeout(timer);
      timer = setTimeout(() => (region.textContent = text), 50);
    },
  };
}
