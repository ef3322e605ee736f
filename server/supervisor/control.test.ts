import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { askSupervisor, handle, serveControl, type Controlled } from './control.ts';

const fake = (): Controlled & { restarted: string[] } => {
  const restarted: string[] = [];
  return {
    restarted,
    status: () => [{ unit: 'web', phase: 'up', since: 0, restarts: 0, pid: 42, lastProblem: undefined }],
    restart: (unit) => {
      if (unit !== 'web' && unit !== 'all') return false;
      restarted.push(unit);
      return true;
    },
  };
};

describe('supervisor control', () => {
  it('answers status, restarts a named unit, and refuses what it does not know', () => {
    const supervisor = fake();
    expect(handle('{"command":"status"}', supervisor)).toMatchObject({ ok: true, units: [{ unit: 'web' }] });
    expect(handle('{"command":"restart","unit":"web"}', supervisor)).toMatchObject({ ok: true });
    expect(supervisor.restarted).toEqual(['web']);
    expect(handle('{"command":"restart","unit":"nope"}', supervisor)).toEqual({ ok: false, error: 'no unit named nope; units: web, all' });
    expect(handle('{"command":"restart","unit":"../x"}', supervisor)).toMatchObject({ ok: false });
    expect(handle('{"command":"shutdown"}', supervisor)).toMatchObject({ ok: false });
    expect(handle('status', supervisor)).toEqual({ ok: false, error: 'not JSON' });
  });

  it('talks over a Unix socket that only its owner may open', async () => {
    const socket = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'control-')), 'control.sock');
    const server = serveControl(socket, fake());
    await new Promise((r) => server.once('listening', r));
    const answer = await askSupervisor(socket, { command: 'status' });
    expect(answer).toMatchObject({ ok: true, pid: process.pid });
    expect(fs.statSync(socket).mode & 0o777).toBe(0o600);
    server.close();
  });
});
