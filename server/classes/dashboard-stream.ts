// The dashboard's live feed as server-sent events: a snapshot of every row first (also after
// each reconnect, which EventSource does by itself), then each changed row as the class feed
// reports it, and the whole table again every `refreshSeconds` so that "no progress for a
// while" appears without a build. A comment line every 15 s keeps proxies from closing it.
import { config } from '../config.ts';
import type { Lab } from '../labs/lab-registry.ts';
import type { ClassFeed } from './class-feed.ts';
import type { ClassInfo, ClassStore, FeedEntry } from './class-store.ts';
import { dashboard, dashboardRow } from './dashboard.ts';

const KEEPALIVE_MS = 15_000;

export type DashboardEvent =
  | ({ type: 'snapshot'; now: number } & ReturnType<typeof dashboard>)
  | { type: 'row'; now: number; row: ReturnType<typeof dashboardRow> }
  | { type: 'removed'; member: string };

export function dashboardStream(info: ClassInfo, deps: { store: ClassStore; feed: ClassFeed; labs: ReadonlyMap<string, Lab> }, signal: AbortSignal): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let stop = () => {};
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (event: DashboardEvent) => controller.enqueue(encoder.encode(`data: ${JSON.stringify(event)}\n\n`));
      const snapshot = () => send({ type: 'snapshot', now: Date.now(), ...dashboard(deps.store, info, deps.labs) });
      const onChanges = (entries: FeedEntry[]) => {
        for (const member of new Set(entries.map((e) => e.member))) {
          const current = deps.store.member(info.id, member);
          if (current) send({ type: 'row', now: Date.now(), row: dashboardRow(deps.store, info, current, deps.labs) });
          else send({ type: 'removed', member });
        }
      };
      // Subscribed before the snapshot is read, so no change falls between the two.
      const unsubscribe = deps.feed.subscribe(info.id, onChanges);
      const refresh = setInterval(snapshot, config.classes.refreshSeconds * 1000);
      const keepalive = setInterval(() => controller.enqueue(encoder.encode(': keepalive\n\n')), KEEPALIVE_MS);
      stop = () => {
        unsubscribe();
        clearInterval(refresh);
        clearInterval(keepalive);
      };
      signal.addEventListener('abort', () => {
        stop();
        try {
          controller.close();
        } catch {
          // already closed by the reader going away
        }
      });
      controller.enqueue(encoder.encode('retry: 2000\n\n'));
      snapshot();
    },
    cancel() {
      stop();
    },
  });
}
