import { describe, expect, it } from 'vitest';
import { dropSyntaxDirective } from './syntax-directive.ts';

describe('dropSyntaxDirective', () => {
  it('turns a leading syntax directive into a comment, keeping the line count', () => {
    const input = '# syntax=docker/dockerfile:1\nFROM alpine\nRUN true\n';
    const out = dropSyntaxDirective(input);
    expect(out.droppedSyntax).toBe('docker/dockerfile:1');
    expect(out.text.split('\n')).toHaveLength(input.split('\n').length);
    expect(out.text.split('\n')[0]).toMatch(/^# \(syntax directive .* ignored/);
    expect(out.text.split('\n').slice(1)).toEqual(input.split('\n').slice(1));
  });

  it('finds it after another directive, in any case', () => {
    expect(dropSyntaxDirective('# escape=`\n#  SYNTAX = docker/dockerfile:1.7\nFROM alpine').droppedSyntax).toBe('docker/dockerfile:1.7');
  });

  it('leaves a syntax comment alone once instructions have started', () => {
    const input = 'FROM alpine\n# syntax=docker/dockerfile:1\n';
    expect(dropSyntaxDirective(input)).toEqual({ text: input });
  });
});
