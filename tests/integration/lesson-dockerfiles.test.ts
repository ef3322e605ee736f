// Every Dockerfile a lesson shows is built on the real sandbox, against the app of the lab it
// names (```dockerfile lab=<lab>). A block meant to fail (fails="<text>") must fail, with that
// text in the error or the log; any other block must build. An instructor cannot add a broken
// example, or an example that no longer shows the error it explains, without this failing.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { config, projectRoot } from '../../server/config.ts';
import type { ServerMessage } from '../../shared/protocol/messages.ts';
import { dockerfileBlocks } from '../../src/markdown/dockerfile-blocks.ts';
import { BuildClient, isType, startBuildServer, type TestServer } from '../support/build-socket-client.ts';

const contentDir = path.join(projectRoot, 'content');
const lessons = fs
  .readdirSync(contentDir, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.mdx') || file.endsWith('.md'))
  .sort();
const examples = lessons.flatMap((file) => dockerfileBlocks(fs.readFileSync(path.join(contentDir, file), 'utf8')).map((block) => ({ file: `content/${file}`, ...block })));
const labs = new Set(fs.readdirSync(config.labsDir).filter((id) => fs.existsSync(path.join(config.labsDir, id, 'lab.ts'))));

let server: TestServer;
let client: BuildClient;
beforeAll(async () => {
  server = await startBuildServer();
  client = await BuildClient.connect(server.url);
});
afterAll(async () => {
  client.close();
  await server.close();
});

/** Builds a Dockerfile and returns how it ended: a result, or a refusal before any build. */
async function build(lab: string, dockerfile: string): Promise<{ ok: boolean; text: string }> {
  const from = client.received.length;
  const ended = client.next((m): m is ServerMessage => m.type === 'result' || (m.type === 'error' && m.code === 'refused'), 280_000);
  client.send({ type: 'build', lab, file: 'Dockerfile', files: { Dockerfile: dockerfile } });
  const end = await ended;
  // The checks end the build (their message may already be here): wait for them before the next build.
  const checked = () => client.received.slice(from).some((r) => r.message.type === 'checkpoints');
  if (end.type === 'result' && end.checking && !checked()) await client.next(isType('checkpoints'), 120_000);
  const messages = client.received.slice(from).map((r) => r.message);
  const text = messages
    .map((m) => (m.type === 'error' ? m.message : m.type === 'log' ? m.text : ''))
    .join('\n');
  return { ok: end.type === 'result' && end.ok, text };
}

describe('the Dockerfiles in the lessons', () => {
  it('finds them, each naming a lab that exists', () => {
    expect(examples.length).toBeGreaterThan(5);
    for (const example of examples) expect(labs, `${example.file}:${example.line} names lab=${example.lab}`).toContain(example.lab);
  });

  for (const example of examples) {
    const what = example.fails ? `fails with "${example.fails}"` : 'builds';
    it(`${example.file}:${example.line} (${example.lab}) ${what}`, async () => {
      const { ok, text } = await build(example.lab, example.code);
      if (example.fails) {
        expect(ok, `${example.file}:${example.line} is meant to fail, and it built`).toBe(false);
        expect(text.toLowerCase(), `${example.file}:${example.line} failed, but not with the error it states`).toContain(example.fails.toLowerCase());
      } else {
        expect(ok, `${example.file}:${example.line} does not build:\n${text.slice(-2000)}`).toBe(true);
      }
    });
  }
});
