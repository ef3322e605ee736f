import { describe, expect, it } from 'vitest';
import { clientAddress, servedOverHttps } from './proxy-headers.ts';

describe('clientAddress', () => {
  const direct = { trustProxy: false, trustedProxyHops: 1 };
  const oneProxy = { trustProxy: true, trustedProxyHops: 1 };
  const twoProxies = { trustProxy: true, trustedProxyHops: 2 };

  it('is the socket peer unless a proxy is trusted', () => {
    expect(clientAddress('10.0.0.7', '203.0.113.9', direct)).toBe('10.0.0.7');
    expect(clientAddress('10.0.0.7', undefined, oneProxy)).toBe('10.0.0.7');
  });

  it('takes the entry the trusted proxy appended: the last one', () => {
    expect(clientAddress('10.0.0.7', '203.0.113.9', oneProxy)).toBe('203.0.113.9');
    // The client wrote the first entries itself; nginx's $proxy_add_x_forwarded_for appended its peer.
    expect(clientAddress('10.0.0.7', '1.1.1.1, 2.2.2.2, 203.0.113.9', oneProxy)).toBe('203.0.113.9');
    expect(clientAddress('10.0.0.7', ['1.1.1.1', '2001:db8::1'], oneProxy)).toBe('2001:db8::1');
  });

  it('with n trusted proxies, takes the n-th entry from the right', () => {
    expect(clientAddress('10.0.0.7', '1.1.1.1, 203.0.113.9, 10.0.0.2', twoProxies)).toBe('203.0.113.9');
    // Fewer entries than proxies: the request did not come through them all; the peer counts.
    expect(clientAddress('10.0.0.7', '203.0.113.9', twoProxies)).toBe('10.0.0.7');
  });

  it('ignores a forwarded value that is not an address', () => {
    expect(clientAddress('10.0.0.7', '1.2.3.4, evil', oneProxy)).toBe('10.0.0.7');
    expect(clientAddress('10.0.0.7', '', oneProxy)).toBe('10.0.0.7');
    expect(clientAddress('10.0.0.7', ' , ', oneProxy)).toBe('10.0.0.7');
    expect(clientAddress(undefined, undefined, direct)).toBe('unknown');
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
