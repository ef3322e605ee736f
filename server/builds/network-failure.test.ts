import { describe, expect, it } from 'vitest';
import { isNetworkFailure, NetworkFailureWatch, noInternetNote } from './network-failure.ts';

describe('isNetworkFailure', () => {
  it('recognises what each tool prints when the network is out of reach', () => {
    const failures = [
      'npm ERR! code ENOTFOUND\nnpm ERR! syscall getaddrinfo\nnpm ERR! errno ENOTFOUND',
      'npm error code EAI_AGAIN\nnpm error syscall getaddrinfo',
      'npm error network request to https://registry.npmjs.org/express failed, reason: connect ECONNREFUSED 104.16.0.35:443',
      'npm ERR! network This is a problem related to network connectivity.',
      "Error: getaddrinfo ENOTFOUND example.com\n    at GetAddrInfoReqWrap.onlookup",
      'curl: (6) Could not resolve host: example.com',
      'curl: (7) Failed to connect to 10.213.0.1 port 8080 after 2 ms: Connection refused',
      "wget: bad address 'example.com'",
      'wget: unable to resolve host address ‘example.com’',
      "nc: bad address 'example.com'",
      'Temporary failure resolving \'deb.debian.org\'',
      'go: github.com/x/y@v1.0.0: Get "https://proxy.golang.org/github.com/x/y/@v/v1.0.0.mod": dial tcp: lookup proxy.golang.org on 127.0.0.11:53: no such host',
      "fatal: unable to access 'https://github.com/x/y.git/': Could not resolve host: github.com",
      "pip._vendor.urllib3.exceptions.NewConnectionError: Failed to establish a new connection: [Errno -3] Temporary failure in name resolution",
      'connect: Network is unreachable',
    ];
    for (const text of failures) expect([text, isNetworkFailure(text)]).toEqual([text, true]);
  });

  it('leaves ordinary output and ordinary failures alone', () => {
    const ordinary = [
      'added 64 packages, and audited 65 packages in 3s',
      'npm ERR! code ERESOLVE\nnpm ERR! ERESOLVE unable to resolve dependency tree',
      'sh: 1: nonexistent: not found',
      "Error: Cannot find module 'express'",
      'go: cannot find main module, but found .git/config',
      'ENOTFOUNDATION is not an error code',
    ];
    for (const text of ordinary) expect([text, isNetworkFailure(text)]).toEqual([text, false]);
  });
});

describe('NetworkFailureWatch', () => {
  it('sees a failure split across chunks, once per build', () => {
    const watch = new NetworkFailureWatch();
    expect(watch.sees('npm ERR! code ENOT')).toBe(false);
    expect(watch.sees('FOUND\n')).toBe(true);
    expect(watch.sees('npm ERR! code ENOTFOUND\n')).toBe(false);
  });

  it('the note says there is no internet, names the mirror and how npm uses it', () => {
    const note = noInternetNote('registry.lab.internal', 4873);
    expect(note).toContain('no internet');
    expect(note).toContain('http://registry.lab.internal:4873/');
    expect(note).toContain('.npmrc');
  });
});
