import { describe, expect, it } from 'vitest';
import { ansi } from './build-log.ts';
import { plainLine } from './log-text.ts';

describe('plainLine', () => {
  it('drops escape codes and keeps the first colour as a tone', () => {
    expect(plainLine(ansi.red(ansi.bold('✖ ') + 'step failed'))).toEqual({ text: '✖ step failed', tone: 'bad' });
    expect(plainLine(`${ansi.bold('#1')} ${ansi.cyan('[1/2] FROM alpine')}`)).toEqual({ text: '#1 [1/2] FROM alpine', tone: 'step' });
    expect(plainLine(ansi.dim('Waiting'))).toEqual({ text: 'Waiting', tone: 'quiet' });
    expect(plainLine('plain')).toEqual({ text: 'plain', tone: undefined });
  });
});
