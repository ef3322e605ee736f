// The operator's way in to a running supervisor (scripts/lab.sh status|restart): a Unix
// socket, readable by root only, one JSON request and one JSON answer per connection.
import fs from 'node:fs';
import net from 'node:net';
import { z } from 'zod';
import type { UnitStatus } from './unit-runner.ts';

export const requestSchema = z.discriminatedUnion('command', [
  z.object({ command: z.literal('status') }),
  z.object({ command: z.literal('restart'), unit: z.string().regex(/^[a-z0-9-]{1,40}$/) }),
]);
export type ControlRequest = z.infer<typeof requestSchema>;

export type ControlAnswer = { ok: true; units: UnitStatus[]; pid: number } | { ok: false; error: string };

export interface Controlled {
  status(): UnitStatus[];
  restart(unit: string): boolean;
}

const MAX_REQUEST_BYTES = 1024;

export function handle(line: string, supervisor: Controlled): ControlAnswer {
  let parsed: ReturnType<typeof requestSchema.safeParse>;
  try {
    parsed = requestSchema.safeParse(JSON.parse(line));
  } catch {
    return { ok: false, error: 'not JSON' };
  }
  if (!parsed.success) return { ok: false, error: parsed.error.message };
  const request = parsed.data;
  if (request.command === 'restart' && !supervisor.restart(request.unit)) {
    return { ok: false, error: `no unit named ${request.unit}; units: ${supervisor.status().map((u) => u.unit).join(', ')}, all` };
  }
  return { ok: true, units: supervisor.status(), pid: process.pid };
}

export function serveControl(socketPath: string, supervisor: Controlled): net.Server {
  fs.rmSync(socketPath, { force: true });
  const server = net.createServer((connection) => {
    let data = '';
    const answer = (a: ControlAnswer) => connection.end(`${JSON.stringify(a)}\n`);
    connection.on('error', () => {});
    connection.on('data', (chunk) => {
      data += chunk.toString();
      if (data.length > MAX_REQUEST_BYTES) answer({ ok: false, error: 'request too large' });
      else if (data.includes('\n')) answer(handle(data, supervisor));
    });
  });
  server.listen(socketPath, () => fs.chmodSync(socketPath, 0o600));
  return server;
}

export function askSupervisor(socketPath: string, request: ControlRequest, timeoutMs = 5000): Promise<ControlAnswer> {
  return new Promise((resolve, reject) => {
    const connection = net.connect(socketPath);
    let data = '';
    connection.setTimeout(timeoutMs, () => connection.destroy(new Error('the supervisor did not answer')));
    connection.on('connect', () => connection.write(`${JSON.stringify(request)}\n`));
    connection.on('data', (chunk) => (data += chunk.toString()));
    connection.on('end', () => {
      try {
        resolve(JSON.parse(data) as ControlAnswer);
      } catch {
        reject(new Error(`unreadable answer from the supervisor: ${data.slice(0, 200)}`));
      }
    });
    connection.on('error', reject);
  });
}
