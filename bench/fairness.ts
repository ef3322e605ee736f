// Fairness of the wait line (issue 7): learner A has 10 tabs that all press Build; learner B
// presses once, just after. How many of A's builds start between B's press and B's start
// (goal: at most one), and how long B waits. Real sandbox engine, in-process build server.
import { BuildClient, learnerCookie, startBuildServer } from '../tests/support/build-socket-client.ts';
import type { ServerMessage } from '../shared/protocol/messages.ts';

const TABS = 10;
const LAB = 'multistage-node';
/** Each build holds its slot for a few seconds, so a line forms. */
const dockerfile = (tag: string) => `FROM alpine:3\nRUN echo ${tag} ${Date.now()} && sleep 3\n`;

type Started = Extract<ServerMessage, { type: 'started' }>;
const isStarted = (m: ServerMessage): m is Started => m.type === 'started';

export async function benchFairness(): Promise<void> {
  const server = await startBuildServer();
  try {
    const a = learnerCookie();
    // Tabs past the per-learner socket cap are refused at the door (429): count them.
    const opened = await Promise.allSettled(Array.from({ length: TABS }, () => BuildClient.connect(server.url, { Cookie: a })));
    const tabs = opened.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
    const refusedAtDoor = opened.length - tabs.length;
    const b = await BuildClient.connect(server.url);
    const aStarts: number[] = [];
    tabs.forEach((tab, i) => {
      tab.send({ type: 'build', lab: LAB, files: { Dockerfile: dockerfile(`a${i}`) } });
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const pressed = Date.now();
    const bStarted = b.next(isStarted, 120_000);
    b.send({ type: 'build', lab: LAB, files: { Dockerfile: dockerfile('b') } });
    const startedAt = (await bStarted, Date.now());
    for (const tab of tabs) for (const r of tab.received) if (r.message.type === 'started') aStarts.push(r.at);
    const accepted = tabs.reduce((n, tab) => n + tab.received.filter((r) => r.message.type === 'accepted').length, 0);
    const busy = tabs.reduce((n, tab) => n + tab.received.filter((r) => r.message.type === 'error' && r.message.code === 'busy').length, 0);
    const aheadOfB = aStarts.filter((at) => at > pressed && at <= startedAt).length;
    console.log(
      `fairness: A opened ${TABS} tabs (${refusedAtDoor} refused by the socket cap) and pressed Build in each (${accepted} accepted, ${busy} refused busy), B once; ` +
        `A's builds that started after B pressed and before B started: ${aheadOfB} (goal <= 1); B waited ${startedAt - pressed} ms`,
    );
    // Let every build end before the server goes away.
    await Promise.all([b, ...tabs].map((c) => c.next((m) => m.type === 'heartbeat' || m.type === 'checkpoints', 30_000).catch(() => undefined)));
    for (const c of [b, ...tabs]) c.close();
  } finally {
    await server.close();
  }
}
