// One WebSocket connection of a learner: validates each frame, starts, cancels and resumes the
// learner's builds, and forwards each followed build's numbered messages without letting a slow
// reader make the server buffer without bound. Closing the socket does not cancel a build (the
// page reconnects and resumes); the build journal cancels a build nobody follows any more.
import type { WebSocket } from 'ws';
import { z } from 'zod';
import type { Logger } from 'pino';
import { clientMessageSchema, type BuildMessage, type ServerMessage } from '../../shared/protocol/messages.ts';
import type { BuildJournal, BuildRecord } from '../builds/build-journal.ts';
import type { BuildObserver, BuildService, Requester } from '../builds/build-service.ts';
import type { MessageRate } from './message-rate.ts';

export interface SessionDeps {
  builds: BuildService;
  journal: BuildJournal;
  /** Where this learner's builds and verdicts go. */
  observer: BuildObserver;
  /** Shared by all sockets, keyed by learner. */
  rate: MessageRate;
  log: Pick<Logger, 'warn' | 'error'>;
  settings: {
    maxDockerfileBytes: number;
    /** Unsent bytes above which forwarding pauses until the socket drains. */
    socketBufferBytes: number;
    heartbeatMs: number;
  };
}

const describeIssues = (error: z.ZodError) =>
  error.issues.map((i) => (i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');

/** How often a paused forwarder looks whether the socket has drained. */
const DRAIN_POLL_MS = 50;
/** A flood is told to slow down at most this often; past this many refused frames in a row it is disconnected. */
const RATE_NOTICE_MS = 1000;
const REFUSED_IN_A_ROW_LIMIT = 500;

export function handleSession(socket: WebSocket, who: Requester, deps: SessionDeps): void {
  const { journal, builds, settings } = deps;
  const schema = clientMessageSchema(settings.maxDockerfileBytes);
  /** Per followed build: the next seq to send and how to stop following. */
  const following = new Map<string, { record: BuildRecord; next: number; stop: () => void }>();
  let lastStarted: string | undefined;
  let rateNoticeAt = 0;
  let refusedInARow = 0;
  let drainTimer: NodeJS.Timeout | undefined;
  let alive = true;

  const send = (message: ServerMessage) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };

  /** Sends what each followed build has that this socket has not, while the socket keeps up. */
  const pump = () => {
    drainTimer = undefined;
    for (const [id, follow] of following) {
      while (follow.next <= follow.record.lastSeq) {
        if (socket.bufferedAmount > settings.socketBufferBytes) {
          drainTimer ??= setTimeout(pump, DRAIN_POLL_MS);
          return;
        }
        send(follow.record.message(follow.next) as BuildMessage);
        follow.next += 1;
      }
      if (!follow.record.active) {
        follow.stop();
        following.delete(id);
      }
    }
  };

  const follow = (record: BuildRecord, after: number) => {
    const existing = following.get(record.id);
    if (existing) existing.next = Math.min(existing.next, after + 1);
    else following.set(record.id, { record, next: after + 1, stop: record.follow(() => drainTimer ?? pump()) });
    pump();
  };

  const ownBuild = (id: string | undefined): BuildRecord | undefined => {
    const record = id === undefined ? undefined : journal.get(id);
    return record?.learner === who.learner ? record : undefined; // another learner's build does not exist for this one
  };

  send({
    type: 'hello',
    builds: journal.ofLearner(who.learner).map((r) => ({ buildId: r.id, lab: r.lab, file: r.file, phase: r.phase, lastSeq: r.lastSeq })),
  });

  socket.on('message', (data, isBinary) => {
    if (!deps.rate.take(who.learner)) {
      // Answering every frame of a flood would be the server doing the flooding.
      refusedInARow += 1;
      if (refusedInARow > REFUSED_IN_A_ROW_LIMIT) {
        socket.close(1008, 'too many messages');
        return;
      }
      if (Date.now() - rateNoticeAt >= RATE_NOTICE_MS) {
        rateNoticeAt = Date.now();
        send({ type: 'error', code: 'rate-limited', message: 'too many messages at once; wait a few seconds' });
      }
      return;
    }
    refusedInARow = 0;
    if (isBinary) {
      send({ type: 'error', code: 'bad-message', message: 'send JSON text frames, not binary' });
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(data.toString());
    } catch {
      send({ type: 'error', code: 'bad-json', message: 'the message is not valid JSON' });
      return;
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const tooLarge = parsed.error.issues.some((i) => i.path[0] === 'files' && i.code === 'custom');
      send({ type: 'error', code: tooLarge ? 'too-large' : 'bad-message', message: describeIssues(parsed.error) });
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case 'build': {
        void builds.start(who, message, deps.observer).then(
          (started) => {
            if (!started.ok) {
              send({ type: 'error', code: started.code, message: started.message });
              return;
            }
            // A tab closed meanwhile: the build goes on unfollowed (and is cancelled if nobody comes back).
            if (socket.readyState !== socket.OPEN) return;
            lastStarted = started.record.id;
            follow(started.record, 0);
          },
          (error: unknown) => {
            deps.log.error({ err: error, learner: who.learner }, 'could not start a build');
            send({ type: 'error', code: 'engine-unavailable', message: 'the build server had a problem starting this build; try again in a minute' });
          },
        );
        return;
      }
      case 'resume': {
        const record = ownBuild(message.buildId);
        if (!record) send({ type: 'error', code: 'unknown-build', message: 'that build is over and no longer kept here; your progress has its result' });
        else follow(record, Math.min(message.after, record.lastSeq));
        return;
      }
      case 'cancel': {
        const record = ownBuild(message.buildId ?? lastStarted);
        if (record?.active) record.controller.abort();
        else if (message.buildId !== undefined) send({ type: 'error', code: 'unknown-build', message: 'that build is not running' });
        return;
      }
    }
  });

  // Pings find dead peers (a laptop closed mid-build); heartbeats let the page find a dead server.
  socket.on('pong', () => {
    alive = true;
  });
  const heartbeat = setInterval(() => {
    if (!alive) {
      socket.terminate();
      return;
    }
    alive = false;
    socket.ping();
    send({ type: 'heartbeat' });
  }, settings.heartbeatMs);

  socket.on('close', () => {
    clearInterval(heartbeat);
    clearTimeout(drainTimer);
    for (const follow of following.values()) follow.stop();
    following.clear();
  });
  socket.on('error', (error) => deps.log.warn({ err: error, address: who.address }, 'socket error'));
}
