// Decodes BuildKit's progress trace. Through the Engine API a BuildKit build answers with
// newline-delimited JSON; progress arrives as {"id":"moby.buildkit.trace","aux":"<base64>"}
// where the payload is a protobuf StatusResponse. This turns that stream into step and log
// events the page can show, tracking each vertex so a step is announced once per state.
import { createRequire } from 'node:module';
import path from 'node:path';
import protobuf from 'protobufjs';
import type { LogMessage, StepMessage } from '../../shared/protocol/messages.ts';

const require = createRequire(import.meta.url);
const protoFile = path.join(path.dirname(require.resolve('dockerode')), 'proto', 'buildkit_status.proto');
const StatusResponse = protobuf.loadSync(protoFile).lookupType('moby.buildkit.v1.StatusResponse');

interface Timestamp {
  seconds?: number | string;
  nanos?: number;
}
interface Vertex {
  digest: string;
  name?: string;
  cached?: boolean;
  started?: Timestamp;
  completed?: Timestamp;
  error?: string;
}
interface VertexLog {
  vertex: string;
  stream?: number | string;
  msg?: Uint8Array;
}
interface StatusResponseData {
  vertexes?: Vertex[];
  logs?: VertexLog[];
}

function decodeStatus(base64: string): StatusResponseData {
  const message = StatusResponse.decode(Buffer.from(base64, 'base64'));
  return StatusResponse.toObject(message, { longs: Number, defaults: false }) as StatusResponseData;
}

const millis = (t: Timestamp | undefined) => (t ? Number(t.seconds ?? 0) * 1000 + Math.floor((t.nanos ?? 0) / 1e6) : undefined);

/** A step or log event as the page will get it, before the build's journal numbers it. */
export type TraceEvent = Omit<StepMessage, 'buildId' | 'seq'> | Omit<LogMessage, 'buildId' | 'seq'>;

/** Keeps the last state of each vertex so repeated trace messages yield one event per change. */
export class TraceDecoder {
  private readonly seen = new Map<string, StepMessage['status']>();
  private readonly names = new Map<string, string>();

  decode(base64: string): TraceEvent[] {
    const status = decodeStatus(base64);
    const events: TraceEvent[] = [];
    for (const vertex of status.vertexes ?? []) {
      const step = this.stepOf(vertex);
      if (step && this.seen.get(step.id) !== step.status) {
        this.seen.set(step.id, step.status);
        events.push(step);
      }
    }
    for (const log of status.logs ?? []) {
      if (!log.msg || log.msg.length === 0) continue;
      events.push({
        type: 'log',
        step: log.vertex,
        stream: Number(log.stream) === 2 ? 'stderr' : 'stdout',
        text: Buffer.from(log.msg).toString('utf8'),
      });
    }
    return events;
  }

  /** Name of a step seen so far, for error messages. */
  nameOf(id: string): string | undefined {
    return this.names.get(id);
  }

  /** The step that failed, if any failed. */
  failedStep(): string | undefined {
    for (const [id, status] of this.seen) if (status === 'error') return this.names.get(id);
    return undefined;
  }

  private stepOf(vertex: Vertex): Omit<StepMessage, 'buildId' | 'seq'> | undefined {
    if (!vertex.digest || !vertex.name) return undefined;
    this.names.set(vertex.digest, vertex.name);
    const base = { type: 'step' as const, id: vertex.digest, name: vertex.name };
    const started = millis(vertex.started);
    const completed = millis(vertex.completed);
    const durationMs = started !== undefined && completed !== undefined ? Math.max(0, completed - started) : undefined;
    if (vertex.error) return { ...base, status: 'error', error: vertex.error, ...(durationMs !== undefined && { durationMs }) };
    if (vertex.cached) return { ...base, status: 'cached' };
    if (completed !== undefined) return { ...base, status: 'done', ...(durationMs !== undefined && { durationMs }) };
    if (started !== undefined) return { ...base, status: 'running' };
    return undefined;
  }
}
