import { describe, expect, it } from 'vitest';
import { dockerfileBlocks, dockerfileBlockTransformer, parseDockerfileMeta } from './dockerfile-blocks.ts';

describe('dockerfile blocks in lessons', () => {
  it('reads lab= and fails="..." from the info string', () => {
    expect(parseDockerfileMeta('lab=multistage-node')).toEqual({ lab: 'multistage-node' });
    expect(parseDockerfileMeta('lab=multistage-go fails="no such file or directory"')).toEqual({ lab: 'multistage-go', fails: 'no such file or directory' });
  });

  it('refuses a block that names no lab, an unknown key, or loose words, saying how to write it', () => {
    expect(() => parseDockerfileMeta(undefined)).toThrow('every dockerfile block names the lab whose app it builds against: ```dockerfile lab=multistage-node');
    expect(() => parseDockerfileMeta('lab=x fail="typo"')).toThrow('unknown fail; only lab= and fails= are known');
    expect(() => parseDockerfileMeta('lab=x broken')).toThrow('has "broken", which is not key=value');
    expect(() => parseDockerfileMeta('lab=Not_A_Lab')).toThrow('a lab id under labs/');
  });

  it('finds every dockerfile fence, indented ones (inside lists, <details>) included, and no other language', () => {
    const mdx = [
      'Text', // 1
      '```dockerfile lab=a', // 2
      'FROM alpine:3',
      '```',
      '```text',
      'FROM not-a-dockerfile',
      '```',
      '- item',
      '  ```Dockerfile lab=b fails="boom"', // 9
      '  FROM scratch',
      '  ```',
      '~~~docker lab=c', // 12
      '```',
      'FROM x',
      '~~~',
    ].join('\n');
    expect(dockerfileBlocks(mdx)).toEqual([
      { line: 2, lab: 'a', code: 'FROM alpine:3\n' },
      { line: 9, lab: 'b', fails: 'boom', code: 'FROM scratch\n' },
      { line: 12, lab: 'c', code: '```\nFROM x\n' },
    ]);
    expect(() => dockerfileBlocks('a\n```dockerfile\nFROM x\n```\n')).toThrow(/^line 2: /);
  });

  it('marks the rendered block with its lab and expected error, and leaves other languages alone', () => {
    const pre = { properties: {} as Record<string, unknown> };
    dockerfileBlockTransformer.pre.call({ options: { lang: 'dockerfile', meta: { __raw: 'lab=multistage-go fails="no such file"' } } }, pre);
    expect(pre.properties).toEqual({ 'data-lab': 'multistage-go', 'data-fails': 'no such file' });
    const bash = { properties: {} as Record<string, unknown> };
    dockerfileBlockTransformer.pre.call({ options: { lang: 'bash' } }, bash);
    expect(bash.properties).toEqual({});
  });
});
