// Parses one line of the Engine API's build response. With BuildKit the HTTP status stays 200
// even when the build fails; the failure is a line with "error"/"errorDetail".
import { TraceDecoder, type TraceEvent } from './trace-decoder.ts';

export type OutputEvent =
  | TraceEvent
  | { type: 'image'; id: string }
  | { type: 'failure'; message: string };

interface BuildLine {
  id?: string;
  aux?: unknown;
  stream?: string;
  error?: string;
  errorDetail?: { message?: string };
}

export class BuildOutputParser {
  readonly trace = new TraceDecoder();

  parseLine(line: string): OutputEvent[] {
    if (line.trim() === '') return [];
    let parsed: BuildLine;
    try {
      parsed = JSON.parse(line) as BuildLine;
    } catch {
      return [{ type: 'log', step: '', stream: 'stderr', text: `${line}\n` }];
    }
    if (parsed.error || parsed.errorDetail) {
      return [{ type: 'failure', message: parsed.errorDetail?.message ?? parsed.error ?? 'the build failed' }];
    }
    if (parsed.id === 'moby.buildkit.trace' && typeof parsed.aux === 'string') return this.trace.decode(parsed.aux);
    if (parsed.id === 'moby.image.id' && parsed.aux && typeof parsed.aux === 'object' && 'ID' in parsed.aux) {
      return [{ type: 'image', id: String(parsed.aux.ID) }];
    }
    // Text lines: the engine's "Successfully tagged <internal tag>" (the result says what
    // matters), or a classic builder's output if an engine falls back to it.
    if (typeof parsed.stream === 'string' && parsed.stream !== '' && !parsed.stream.startsWith('Successfully tagged ')) {
      return [{ type: 'log', step: '', stream: 'stdout', text: parsed.stream }];
    }
    return [];
  }
}
