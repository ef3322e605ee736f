// Join codes: short enough to read out to a room, unambiguous when heard or typed (no 0/O,
// 1/I/L), and random (31^8, about 8.5e11), so guessing one is impractical.
import crypto from 'node:crypto';

const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const CODE_LENGTH = 8;

export function newClassCode(): string {
  const bytes = crypto.randomBytes(CODE_LENGTH * 2);
  let code = '';
  // Rejection sampling keeps every letter equally likely (256 is not a multiple of 31).
  for (const byte of bytes) {
    if (byte >= 248) continue;
    code += ALPHABET[byte % ALPHABET.length];
    if (code.length === CODE_LENGTH) return code;
  }
  return newClassCode();
}

/** "k7qm-4xpa" -> "K7QM4XPA"; undefined when it cannot be a code. */
export function normalizeClassCode(input: string): string | undefined {
  const code = input.toUpperCase().replace(/[\s-]/g, '');
  return code.length === CODE_LENGTH && [...code].every((c) => ALPHABET.includes(c)) ? code : undefined;
}

/** As read out: "K7QM-4XPA". */
export const spokenCode = (code: string) => `${code.slice(0, 4)}-${code.slice(4)}`;
