// A lesson that quotes its lab's package.json must quote it as it is: the dist lesson once
// showed a package.json that differed from the lab's (other versions, no @types), and a learner
// comparing the two could not tell which was right.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.join(import.meta.dirname, '..');
const lessons = fs
  .readdirSync(path.join(root, 'content'), { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.mdx'))
  .map((f) => ({ file: `content/${f}`, text: fs.readFileSync(path.join(root, 'content', f), 'utf8') }))
  .map((l) => ({ ...l, lab: /^lab:\s*(\S+)/m.exec(l.text)?.[1] }));

const jsonBlocks = (text: string) => [...text.matchAll(/^```json\n([\s\S]*?)^```/gm)].map((m) => JSON.parse(m[1]!) as Record<string, unknown>);

describe("package.json as the lessons quote it", () => {
  const quoting = lessons.filter((l) => l.lab && jsonBlocks(l.text).some((b) => 'dependencies' in b || 'scripts' in b));
  it('is quoted somewhere (the dist lesson)', () => expect(quoting.map((l) => l.file)).toContain('content/chapter-17/03-node-example.mdx'));

  for (const lesson of quoting) {
    it(`${lesson.file} quotes labs/${lesson.lab}/app/package.json field for field`, () => {
      const real = JSON.parse(fs.readFileSync(path.join(root, 'labs', lesson.lab!, 'app', 'package.json'), 'utf8')) as Record<string, unknown>;
      for (const block of jsonBlocks(lesson.text).filter((b) => 'dependencies' in b || 'scripts' in b)) {
        for (const [field, value] of Object.entries(block)) expect([field, value]).toEqual([field, real[field]]);
      }
    });
  }
});
