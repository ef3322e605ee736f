import { describe, expect, it } from 'vitest';
import { originAllowed } from './origin.ts';

describe('originAllowed', () => {
  it('accepts the site itself, default ports folded', () => {
    expect(originAllowed('http://127.0.0.1:4321', '127.0.0.1:4321', [])).toBe(true);
    expect(originAllowed('https://lab.example.org', 'lab.example.org:443', [])).toBe(true);
    expect(originAllowed('https://LAB.example.org', 'lab.example.org', [])).toBe(true);
  });

  it('refuses another site, another port, and origins that are not web origins', () => {
    expect(originAllowed('https://evil.example', 'lab.example.org', [])).toBe(false);
    expect(originAllowed('http://127.0.0.1:9999', '127.0.0.1:4321', [])).toBe(false);
    expect(originAllowed('null', 'lab.example.org', [])).toBe(false);
    expect(originAllowed('file:///x', 'lab.example.org', [])).toBe(false);
    expect(originAllowed('http://[', 'lab.example.org', [])).toBe(false);
    expect(originAllowed('https://lab.example.org', undefined, [])).toBe(false);
    expect(originAllowed('https://lab.example.org', 'bad host/%', [])).toBe(false);
  });

  it('accepts a configured origin (a proxy that rewrites Host)', () => {
    expect(originAllowed('https://course.example.org', 'internal:4321', ['https://course.example.org'])).toBe(true);
    expect(originAllowed('http://course.example.org', 'internal:4321', ['https://course.example.org'])).toBe(false);
    expect(originAllowed('https://course.example.org', 'internal:4321', ['not a url'])).toBe(false);
  });

  it('lets a client without Origin through (no browser: the cookie still decides)', () => {
    expect(originAllowed(undefined, 'lab.example.org', [])).toBe(true);
  });
});
