// Each lint rule links to a lesson section (shared/lint/rules/<rule>.ts, `docs`). The build
// checks the section exists (src/lesson-links.ts); this checks it explains the rule: the
// section's own text, up to the next heading, says what the rule is about.
import fs from 'node:fs';
import path from 'node:path';
import GithubSlugger from 'github-slugger';
import { describe, expect, it } from 'vitest';
import { baseImages } from '../shared/base-images.ts';
import { RULES } from '../shared/lint/dockerfile-lint.ts';

/** What the text of each rule's section must talk about. A new rule needs a line here. */
const EXPLAINS: Record<string, RegExp[]> = {
  'copy-from-unknown-stage': [/COPY --from/, /stage/],
  'copy-from-later-stage': [/COPY --from/, /stage/],
  'image-not-offered': [/images?/i, /registry/],
  'add-url': [/ADD https?:/],
  'refused-mount': [/--mount=type=secret/, /type=ssh/],
  'refused-run-option': [/--network=host/, /--security=insecure/],
  'too-many-words': [/4000 words/],
  'final-same-base': [/final stage/i, /small(er)? base/],
  'dev-dependencies-in-final': [/--omit=dev/, /node_modules/],
  'copies-node-modules-twice': [/node_modules twice/],
  'unused-stage': [/skipped/, /stage/],
  'runs-as-root': [/USER/, /root/],
  'unpinned-base': [/alpine:latest/, /[Pp]in/],
  'secret-in-env': [/ENV/, /ARG/, /secret/],
  'shell-form-command': [/exec/, /\/bin\/sh -c/, /signals/],
  'relative-workdir': [/WORKDIR/, /absolute|relative/],
  'go-cgo-on-musl': [/cgo/, /CGO_ENABLED=0/, /musl|glibc/],
};

/** Every lesson's sections: heading anchor -> the text up to the next heading. */
function sections(): Map<string, string> {
  const root = path.join(import.meta.dirname, '..', 'content');
  const found = new Map<string, string>();
  for (const file of fs.readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.mdx'))) {
    const slugger = new GithubSlugger();
    let anchor: string | undefined;
    for (const line of fs.readFileSync(path.join(root, file), 'utf8').split('\n')) {
      const heading = /^#{2,6}\s+(.*)$/.exec(line);
      if (heading) {
        anchor = slugger.slug(heading[1]!.replace(/`/g, ''));
        found.set(anchor, '');
      } else if (anchor) {
        found.set(anchor, `${found.get(anchor)}${line}\n`);
      }
    }
  }
  return found;
}

describe('lint rules link to a section that explains them', () => {
  const text = sections();
  for (const rule of Object.values(RULES)) {
    it(`${rule.id} -> #${rule.docs}`, () => {
      expect(EXPLAINS[rule.id], `say in EXPLAINS what the section of ${rule.id} must mention`).toBeDefined();
      const section = text.get(rule.docs);
      expect(section, `no lesson heading has the anchor #${rule.docs}`).toBeDefined();
      for (const term of EXPLAINS[rule.id]!) expect(section, `#${rule.docs} does not mention ${term} (shared/lint/rules/${rule.id}.ts)`).toMatch(term);
    });
  }
});

describe('What the sandbox offers', () => {
  it('names every image the sandbox offers (labs/base-images.ts) and scratch', () => {
    const section = sections().get('what-the-sandbox-offers')!;
    for (const name of [...baseImages().map((image) => image.name), 'scratch']) expect(section).toContain(`\`${name}\``);
  });
});
