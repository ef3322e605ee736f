import { describe, expect, it } from 'vitest';
import { cookieKeysFrom } from './cookie-keys.ts';

const stored = () => 's'.repeat(64);
const a = 'a'.repeat(40);
const b = 'b'.repeat(40);
const c = 'c'.repeat(40);

describe('cookieKeysFrom', () => {
  it('uses the stored key when the environment names none', () => {
    expect(cookieKeysFrom({}, stored)).toEqual({ current: stored(), previous: [] });
    expect(cookieKeysFrom({ MSLAB_COOKIE_SECRET: '' }, stored)).toEqual({ current: stored(), previous: [] });
  });

  it('takes the current and previous secrets from the environment', () => {
    expect(cookieKeysFrom({ MSLAB_COOKIE_SECRET: a, MSLAB_COOKIE_SECRET_PREVIOUS: `${b}, ${c},` }, stored)).toEqual({ current: a, previous: [b, c] });
  });

  it('refuses a short secret, naming the variable', () => {
    expect(() => cookieKeysFrom({ MSLAB_COOKIE_SECRET: 'short' }, stored)).toThrow(/MSLAB_COOKIE_SECRET: .*32 characters/);
    expect(() => cookieKeysFrom({ MSLAB_COOKIE_SECRET: a, MSLAB_COOKIE_SECRET_PREVIOUS: 'old' }, stored)).toThrow(/MSLAB_COOKIE_SECRET_PREVIOUS/);
  });
});
