import { describe, expect, it } from 'vitest';
import { clientAddress, servedOverHttps } from './proxy-headers.ts';

describe('clientAddress', () => {
  it('is the socket peer unless a proxy is trusted', () => {
    expect(clientAddress('10.0.0.7', '203.0.113.9', false)).toBe('10.0.0.7');
    expect(clientAddress('10.0.0.7', undefined, true)).toBe('10.0.0.7');
  });

  it('takes the first X-Forwarded-For hop behind a trusted proxy', () => {
    expect(clientAddress('10.0.0.7', '203.0.113.9, 10.0.0.2', true)).toBe('203.0.113.9');
    expect(clientAddress('10.0.0.7', ['2001:db8::1', '10.0.0.3'], true)).toBe('2001:db8::1');
  });

  it('ignores a forwarded value that is not an address', () => {
    expect(clientAddress('10.0.0.7', 'evil, 1.2.3.4', true)).toBe('10.0.0.7');
    expect(clientAddress('10.0.0.7', '', true)).toBe('10.0.0.7');
    expect(clientAddress(undefined, undefined, false)).toBe('unknown');
  });
});

describe('servedOverHttps', () => {
  it('is true over TLS, or when a trusted proxy says https', () => {
    expect(servedOverHttps(true, undefined, false)).toBe(true);
    expect(servedOverHttps(false, 'https', true)).toBe(true);
    expect(servedOverHttps(false, 'HTTPS, http', true)).toBe(true);
  });

  it('ignores X-Forwarded-Proto from an untrusted client', () => {
    expect(servedOverHttps(false, 'https', false)).toBe(false);
    expect(servedOverHttps(false, 'http', true)).toBe(false);
    expect(servedOverHttps(false, undefined, true)).toBe(false);
  });
});
