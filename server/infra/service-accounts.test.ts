import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { canReach } from './service-accounts.ts';

describe('canReach', () => {
  it('follows the execute bits of every folder above, as the kernel does for that account', () => {
    const top = fs.mkdtempSync(path.join(os.tmpdir(), 'mslab-reach-'));
    const inner = path.join(top, 'checkout');
    fs.mkdirSync(inner);
    const stranger = { name: 'stranger', uid: 54321, gid: 54321 };
    fs.chmodSync(top, 0o700); // as mktemp -d makes it
    expect(canReach(stranger, inner)).toBe(false);
    fs.chmodSync(top, 0o711);
    expect(canReach(stranger, inner)).toBe(true);
    const owner = { name: 'me', uid: fs.statSync(top).uid, gid: -1 };
    fs.chmodSync(top, 0o700);
    expect(canReach(owner, inner)).toBe(true);
    expect(canReach(stranger, path.join(top, 'missing'))).toBe(false);
    fs.rmSync(top, { recursive: true });
  });
});
