// The editor's file tabs, as the WAI-ARIA tabs pattern has them: one tab in the Tab order,
// arrows move between tabs (wrapping), Home and End go to the first and the last.
export function tabKeyTarget(key: string, index: number, count: number): number | undefined {
  switch (key) {
    case 'ArrowRight':
      return (index + 1) % count;
    case 'ArrowLeft':
      return (index - 1 + count) % count;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return undefined;
  }
}

export function wireTabs(tabs: readonly HTMLElement[], select: (index: number, focus: boolean) => void): void {
  tabs.forEach((tab, i) => {
    tab.addEventListener('click', () => select(i, false));
    tab.addEventListener('keydown', (event) => {
      const target = tabKeyTarget(event.key, i, tabs.length);
      if (target === undefined) return;
      event.preventDefault();
      select(target, true);
    });
  });
}

/** Marks the selected tab, and gives it the one place in the Tab order. */
export function markSelected(tabs: readonly HTMLElement[], index: number, focus: boolean): void {
  tabs.forEach((tab, i) => {
    tab.setAttribute('aria-selected', String(i === index));
    tab.tabIndex = i === index ? 0 : -1;
  });
  if (focus) tabs[index]?.focus();
}
