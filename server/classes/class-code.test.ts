import { describe, expect, it } from 'vitest';
import { CODE_LENGTH, newClassCode, normalizeClassCode, spokenCode } from './class-code.ts';

describe('class codes', () => {
  it('are 8 unambiguous letters and digits, different each time', () => {
    const codes = new Set(Array.from({ length: 500 }, newClassCode));
    expect(codes.size).toBe(500);
    for (const code of codes) expect(code).toMatch(new RegExp(`^[A-HJKMNP-Z2-9]{${CODE_LENGTH}}$`));
  });

  it('are read back however they are typed, and refused when they cannot be one', () => {
    expect(normalizeClassCode('k7qm-4xpa')).toBe('K7QM4XPA');
    expect(normalizeClassCode(' K7QM 4XPA ')).toBe('K7QM4XPA');
    expect(normalizeClassCode('K7QM-4XP0')).toBeUndefined(); // 0 is never used
    expect(normalizeClassCode('K7QM')).toBeUndefined();
    expect(normalizeClassCode("'; DROP TABLE")).toBeUndefined();
    expect(spokenCode('K7QM4XPA')).toBe('K7QM-4XPA');
  });
});
