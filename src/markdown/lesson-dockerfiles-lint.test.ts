// The lessons' Dockerfiles as the editor sees them: a block that is meant to build gets no
// error from the editor's rules (an offered image after COPY --from is no "unknown stage").
// The sandbox build of each is tests/integration/lesson-dockerfiles.test.ts.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintDockerfile } from '../../shared/lint/dockerfile-lint.ts';
import { dockerfileBlocks } from './dockerfile-blocks.ts';

const content = path.join(import.meta.dirname, '..', '..', 'content');
const examples = fs
  .readdirSync(content, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.mdx'))
  .flatMap((f) => dockerfileBlocks(fs.readFileSync(path.join(content, f), 'utf8')).map((b) => ({ where: `content/${f}:${b.line}`, ...b })));

describe('lesson Dockerfiles in the editor', () => {
  for (const example of examples.filter((e) => !e.fails)) {
    it(`${example.where}: no error from the editor's rules`, () => {
      const errors = lintDockerfile(example.code).filter((d) => d.severity === 'error');
      expect(errors.map((d) => `${d.rule}: ${d.message}`)).toEqual([]);
    });
  }
});
