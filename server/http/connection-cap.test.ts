import { describe, expect, it } from 'vitest';
import { connectionCap, FD_RESERVE, openFilesLimit, processOpenFilesLimit } from './connection-cap.ts';

const limits = (soft: string, hard: string) =>
  `Limit                     Soft Limit           Hard Limit           Units     \nMax processes             63704                63704                processes \nMax open files            ${soft.padEnd(20)} ${hard.padEnd(20)} files     \n`;

describe('openFilesLimit', () => {
  it('reads the soft limit', () => {
    expect(openFilesLimit(limits('1024', '524288'))).toBe(1024);
    expect(openFilesLimit(limits('unlimited', 'unlimited'))).toBeUndefined();
    expect(openFilesLimit('garbage')).toBeUndefined();
  });

  it('reads this process’s limit on Linux', () => {
    expect(processOpenFilesLimit()).toBeGreaterThan(0);
  });
});

describe('connectionCap', () => {
  it('is the configured cap when the open-files limit leaves room for it', () => {
    expect(connectionCap(4000, 1_048_576)).toBe(4000);
    expect(connectionCap(4000, undefined)).toBe(4000);
  });

  it('stays under a low open-files limit, keeping the reserve for the server’s own files', () => {
    expect(connectionCap(4000, 1024)).toBe(1024 - FD_RESERVE);
    expect(connectionCap(4000, 50)).toBe(1);
  });
});
