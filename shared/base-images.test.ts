// The base-image catalogue: the checkout's own is valid and is what the lint offers; a mistake
// is named by file and field.
import { describe, expect, it } from 'vitest';
import catalogue from '../labs/base-images.ts';
import { baseImages, baseImageTags, parseBaseImages } from './base-images.ts';
import { isOfferedImage } from './offered-images.ts';

const node = catalogue.images[0]!;
const withImages = (...images: unknown[]) => ({ images });
const error = (raw: unknown) => {
  try {
    parseBaseImages(raw);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected the catalogue to be refused');
};

describe('the base-image catalogue', () => {
  it("is valid, fills defaults, and every name in it is offered to the lint", () => {
    expect(baseImages().map((i) => i.name)).toEqual(['node:18', 'node:18-alpine', 'alpine', 'golang:1.19', 'busybox:1.35']);
    expect(baseImages().find((i) => i.name === 'golang:1.19')).toMatchObject({ aliases: [], standIn: { kind: 'go', version: '1.19' } });
    for (const tag of baseImageTags()) expect([tag, isOfferedImage(tag)]).toEqual([tag, true]);
  });

  it('names the file and the field of each mistake', () => {
    const message = error(
      withImages(
        { ...node, standIn: { kind: 'rpm' } },
        { ...node, name: 'Node:20', aliases: [] },
        { ...node, name: 'golang:1.22', aliases: [], standIn: { kind: 'node', on: 'busybox', version: '18.20.8', npm: '10.8.2', packages: ['gcc'] } },
        { ...node, name: 'x:1', aliases: [], config: { env: { PATH: '$HOME' }, cmd: [] } },
      ),
    );
    expect(message).toMatch(/^labs\/base-images\.ts is not a valid base-image catalogue:/);
    expect(message).toContain('images.0.standIn.kind: ');
    expect(message).toContain('images.1.name: an image name such as "node:18"');
    expect(message).toContain('images.2.standIn.packages: packages need on: "debian"');
    expect(message).toContain('images.3.config.env.PATH: no quotes, $');
    expect(message).toContain('images.3.config.cmd: ');
  });

  it('refuses a name given twice (in any spelling) and scratch', () => {
    const message = error(withImages(node, { ...node, name: 'docker.io/library/node:18' }, { ...node, name: 'scratch', aliases: ['Alpine'] }));
    expect(message).toContain('images.1.name: an image name');
    expect(error(withImages(node, { ...node, name: 'node:18.20.8', aliases: [] }))).toContain('images.1.name: "node:18.20.8" names the same image as "node:18.20.8" (images.0, node:18)');
    expect(error(withImages({ ...node, aliases: ['alpine', 'alpine:latest'] }))).toContain('images.0.aliases.1: "alpine:latest" names the same image as "alpine"');
    expect(error(withImages({ ...node, name: 'scratch', aliases: [] }))).toContain('images.0.name: scratch is built in');
  });
});
