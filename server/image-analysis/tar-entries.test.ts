import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { TarReader, type TarEntry } from './tar-entries.ts';

type Read = Array<TarEntry & { body: string }>;

/** A 512-byte header written field by field, so that tests can make what tar-stream's pack does not (GNU records, base-256 sizes, prefixes). */
function header(fields: { name: string; size?: number; type?: string; linkname?: string; prefix?: string; gnu?: boolean; magic?: string; base256?: boolean; rawSize?: string; badChecksum?: boolean }): Buffer {
  const block = Buffer.alloc(512);
  block.write(fields.name, 0, 100, 'utf8');
  block.write('0000644\0', 100);
  const size = fields.size ?? 0;
  if (fields.base256) {
    block[124] = 0x80;
    block.writeUIntBE(size, 136 - 6, 6);
  } else block.write(fields.rawSize ?? `${size.toString(8).padStart(11, '0')} `, 124);
  block.write('00000000000 ', 136);
  block.write(fields.type ?? '0', 156);
  if (fields.linkname) block.write(fields.linkname, 157, 100, 'utf8');
  block.write(fields.magic ?? (fields.gnu ? 'ustar  \0' : 'ustar\x0000'), 257, 'latin1');
  if (fields.prefix) block.write(fields.prefix, 345, 155, 'utf8');
  block.fill(32, 148, 156);
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${(sum + (fields.badChecksum ? 1 : 0)).toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return block;
}

const padded = (body: Buffer) => Buffer.concat([body, Buffer.alloc((512 - (body.length % 512)) % 512)]);
const entry = (fields: Parameters<typeof header>[0], body = '') => Buffer.concat([header({ ...fields, size: fields.size ?? Buffer.byteLength(body) }), padded(Buffer.from(body))]);
const paxRecord = (key: string, value: string) => {
  const line = ` ${key}=${value}\n`;
  let length = Buffer.byteLength(line) + 1;
  if (String(length).length + Buffer.byteLength(line) !== length) length = String(length + 1).length + Buffer.byteLength(line);
  return `${length}${line}`;
};
const end = Buffer.alloc(1024);

/** What tar-stream reads from the bytes, or its error. */
async function byTarStream(bytes: Buffer): Promise<Read | string> {
  const read: Read = [];
  const extract = tar.extract();
  extract.on('entry', (h, body, next) => {
    const parts: Buffer[] = [];
    body.on('error', () => {}); // a cut-off tar fails the extract, and its body with it
    body.on('data', (part) => {
      parts.push(part as Buffer);
    });
    body.on('end', () => {
      read.push({ name: h.name, type: h.type as TarEntry['type'], size: h.size!, linkname: h.linkname ?? null, body: Buffer.concat(parts).toString() });
      next();
    });
  });
  try {
    await pipeline(Readable.from([bytes]), extract);
    return read;
  } catch (error) {
    return (error as Error).message;
  }
}

/** What TarReader reads from the bytes given in chunks of `chunkSize`, or its error. */
function byTarReader(bytes: Buffer, chunkSize: number): Read | string {
  const read: Read = [];
  const reader = new TarReader((e) => {
    const parts: Buffer[] = [];
    return { data: (part) => parts.push(Buffer.from(part)), end: () => read.push({ ...e, body: Buffer.concat(parts).toString() }) };
  });
  try {
    for (let at = 0; at < bytes.length; at += chunkSize) reader.write(bytes.subarray(at, at + chunkSize));
    reader.end();
    return read;
  } catch (error) {
    return (error as Error).message;
  }
}

async function expectSameAsTarStream(bytes: Buffer): Promise<Read | string> {
  const expected = await byTarStream(bytes);
  for (const chunkSize of [1, 7, 511, 512, 513, 4096, bytes.length]) expect(byTarReader(bytes, chunkSize), `chunks of ${chunkSize}`).toEqual(expected);
  return expected;
}

describe('TarReader reads what tar-stream reads', () => {
  it('files, folders, links and bodies of any length, in chunks of any size', async () => {
    const pack = tar.pack();
    pack.entry({ name: 'app/', type: 'directory' });
    pack.entry({ name: 'app/server.js', size: 5 }, 'hello');
    pack.entry({ name: 'app/empty' }, '');
    pack.entry({ name: 'app/block', size: 512 }, 'x'.repeat(512));
    pack.entry({ name: 'bin/sh', type: 'symlink', linkname: '/bin/busybox' });
    pack.entry({ name: 'bin/ls', type: 'link', linkname: 'bin/busybox' });
    pack.entry({ name: 'ünïcode/fïle', size: 3 }, 'abc');
    pack.entry({ name: `${'deep/'.repeat(40)}file`, size: 2 }, 'ok'); // too long for ustar: a pax record
    pack.entry({ name: 'x/lnk', type: 'symlink', linkname: `${'/target'.repeat(20)}` }); // a pax linkpath
    pack.finalize();
    const chunks: Buffer[] = [];
    for await (const chunk of pack) chunks.push(chunk as Buffer);
    const read = await expectSameAsTarStream(Buffer.concat(chunks));
    expect((read as Read).map((e) => e.name)).toContain(`${'deep/'.repeat(40)}file`);
  });

  it('ustar prefixes, GNU headers, base-256 sizes, and a trailing slash left as it is', async () => {
    const read = await expectSameAsTarStream(
      Buffer.concat([
        entry({ name: 'file.txt', prefix: 'usr/share/doc' }, 'in a prefix'),
        entry({ name: 'gnu.txt', gnu: true }, 'gnu'),
        entry({ name: 'big.bin', base256: true, size: 3 }, 'big'),
        entry({ name: 'old-folder/' }),
        end,
      ]),
    );
    expect((read as Read).map((e) => [e.name, e.type])).toEqual([['usr/share/doc/file.txt', 'file'], ['gnu.txt', 'file'], ['big.bin', 'file'], ['old-folder/', 'file']]);
  });

  it('GNU long names and links, pax records and global pax records', async () => {
    const longName = `${'a'.repeat(150)}/name`;
    const longLink = `${'b'.repeat(150)}/target`;
    const read = await expectSameAsTarStream(
      Buffer.concat([
        entry({ name: '././@LongLink', type: 'L', gnu: true }, `${longName}\0`),
        entry({ name: '././@LongLink', type: 'K', gnu: true }, `${longLink}\0`),
        entry({ name: 'short', type: '2', gnu: true }),
        entry({ name: 'pax_global_header', type: 'g' }, paxRecord('comment', 'global')),
        entry({ name: 'PaxHeaders/x', type: 'x' }, paxRecord('path', 'from/pax') + paxRecord('size', '4')),
        entry({ name: 'ignored', size: 4 }, 'four'),
        entry({ name: 'after-pax' }, 'plain'),
        end,
      ]),
    );
    expect((read as Read).map((e) => [e.name, e.linkname])).toEqual([[longName, longLink], ['from/pax', null], ['after-pax', null]]);
  });

  it('fails as tar-stream fails: a bad checksum, an unknown format, a cut-off tar', async () => {
    expect(await expectSameAsTarStream(Buffer.concat([entry({ name: 'a', badChecksum: true }, 'x'), end]))).toMatch(/Invalid tar header/);
    expect(await expectSameAsTarStream(Buffer.concat([entry({ name: 'a', magic: 'nottar' }, 'x'), end]))).toBe('Invalid tar header: unknown format.');
    expect(await expectSameAsTarStream(entry({ name: 'a' }, 'body').subarray(0, 515))).toBe('Unexpected end of data');
  });

  it('refuses a long-name or pax header whose size is not a number, instead of gathering what follows without bound', () => {
    const bytes = Buffer.concat([header({ name: 'PaxHeader', type: 'x', rawSize: 'zzzzzzzzzzz ' }), entry({ name: 'big' }, 'y'.repeat(8192)), end]);
    expect(byTarReader(bytes, 512)).toBe('Header exceeds max size');
  });
});
