// Instructor passwords: scrypt (node:crypto, memory-hard) with a salt per password, stored as
// one self-describing string so the cost can be raised later without breaking old hashes.
import crypto from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(crypto.scrypt) as (password: string, salt: Buffer, keylen: number, options: crypto.ScryptOptions) => Promise<Buffer>;

/** 2^15 x 8 x 128 bytes = 32 MiB per hash, about 0.1 s here: costly to guess in bulk. */
const COST = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_BYTES = 32;
const SALT_BYTES = 16;
/** Above the 32 MiB the cost needs (Node's default cap is exactly 32 MiB, which refuses it). */
const MAX_MEMORY = 64 * 1024 * 1024;

/** Shorter passwords fall to a guess list even through scrypt. */
export const MIN_PASSWORD_LENGTH = 12;

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(SALT_BYTES);
  const key = await scrypt(password, salt, KEY_BYTES, { ...COST, maxmem: MAX_MEMORY });
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Whether `password` matches `stored`; a malformed stored value matches nothing. Compares in constant time. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  if (![cost.N, cost.r, cost.p].every((v) => Number.isInteger(v) && v > 0)) return false;
  const expected = Buffer.from(key, 'base64url');
  const given = await scrypt(password, Buffer.from(salt, 'base64url'), expected.length, { ...cost, maxmem: MAX_MEMORY });
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}

/**
 * A hash of a random password, verified against when the account does not exist: an unknown
 * login costs the same time as a wrong password, so timing does not tell which accounts exist.
 */
let decoy: Promise<string> | undefined;
export const decoyHash = (): Promise<string> => (decoy ??= hashPassword(crypto.randomBytes(16).toString('hex')));
