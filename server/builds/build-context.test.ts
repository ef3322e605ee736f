import { extract } from 'tar-stream';
import type { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ContextTooLargeError, packContext } from './build-context.ts';

const file = (name: string, text: string, mode = 0o644) => ({ name, content: Buffer.from(text), mode });

async function entries(stream: Readable): Promise<Record<string, { text: string; mode: number }>> {
  const out: Record<string, { text: string; mode: number }> = {};
  const ex = extract();
  const done = new Promise<void>((resolve, reject) => {
    ex.on('entry', (header, body, next) => {
      const chunks: Buffer[] = [];
      body.on('data', (chunk) => {
        chunks.push(chunk as Buffer);
      });
      body.on('end', () => {
        out[header.name] = { text: Buffer.concat(chunks).toString(), mode: header.mode ?? 0 };
        next();
      });
    });
    ex.on('finish', resolve);
    ex.on('error', reject);
  });
  stream.pipe(ex);
  await done;
  return out;
}

describe('packContext', () => {
  it('puts the lab files and the learner Dockerfile in a tar', async () => {
    const packed = packContext([file('server.js', 'console.log(1)'), file('bin/run', '#!/bin/sh', 0o755)], { Dockerfile: 'FROM alpine\n' }, 1024);
    const tar = await entries(packed.stream);
    expect(Object.keys(tar).sort()).toEqual(['Dockerfile', 'bin/run', 'server.js']);
    expect(tar.Dockerfile?.text).toBe('FROM alpine\n');
    expect(tar['bin/run']?.mode).toBe(0o755);
    expect(packed.bytes).toBe('console.log(1)'.length + '#!/bin/sh'.length + 'FROM alpine\n'.length);
  });

  it('lets the learner file win over a lab file of the same name', async () => {
    const packed = packContext([file('Dockerfile', 'FROM lab')], { Dockerfile: 'FROM learner' }, 1024);
    expect((await entries(packed.stream)).Dockerfile?.text).toBe('FROM learner');
  });

  it('applies .dockerignore with Docker rules, always keeping Dockerfile and .dockerignore', async () => {
    const labFiles = [
      file('.dockerignore', 'node_modules\n.git\n*.log\nDockerfile\n!keep.log\n'),
      file('node_modules/x/index.js', 'x'),
      file('.git/HEAD', 'ref'),
      file('debug.log', 'noise'),
      file('keep.log', 'kept'),
      file('server.js', 'code'),
    ];
    const packed = packContext(labFiles, { Dockerfile: 'FROM alpine' }, 1024);
    expect(packed.files.sort()).toEqual(['.dockerignore', 'Dockerfile', 'keep.log', 'server.js']);
  });

  it('refuses a context over the byte limit', () => {
    expect(() => packContext([file('big', 'x'.repeat(100))], { Dockerfile: 'FROM alpine' }, 50)).toThrow(ContextTooLargeError);
  });
});
