// User Timing for the Image panel (bench/image-panel.ts reads the measures):
//   mslab:analysis->panel  the `analysis` message -> the panel drawn with the fetched analysis,
//                          in parts: mslab:analysis-fetch (message -> JSON in hand),
//                          mslab:analysis-validate (zod), mslab:analysis-draw (into the page)
//   mslab:files-drawn      the Files view drawn for an analysis (its tree model built)
//   mslab:files-expand-all Expand all -> every folder open and the window drawn

/** Runs `then` once the browser has painted what was just put in the page. */
export function afterPaint(then: () => void): void {
  requestAnimationFrame(() => setTimeout(then, 0));
}

/** Measures `work` up to the paint that shows it, as `name`. */
export function timed(name: string, work: () => void): void {
  const start = performance.now();
  work();
  afterPaint(() => performance.measure(name, { start, end: performance.now() }));
}
