// The Dockerfile examples in lessons, and what each says about itself. Every fenced block
// tagged `dockerfile` names the lab whose app it builds against, and, when it is meant to
// fail, the error it fails with:
//
//   ```dockerfile lab=multistage-node
//   ```dockerfile lab=multistage-go fails="no such file or directory"
//
// CI builds each one on the sandbox (tests/integration/lesson-dockerfiles.test.ts); the site
// build refuses a block without them (dockerfileBlockTransformer), and puts them on the
// rendered block as data-lab / data-fails for the page's "Try it".
import { z } from 'zod';

const metaSchema = z
  .object({
    lab: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a lab id under labs/, e.g. lab=multistage-node'),
    fails: z.string().min(1, 'the text of the error the block fails with').optional(),
  })
  .strict();

export type DockerfileMeta = z.infer<typeof metaSchema>;

const isDockerfileLang = (lang: string | undefined) => /^(dockerfile|docker)$/i.test(lang ?? '');

/** `lab=x fails="no such file"` -> { lab: 'x', fails: 'no such file' }; a clear error otherwise. */
export function parseDockerfileMeta(raw: string | undefined): DockerfileMeta {
  const pairs: Record<string, string> = {};
  const rest = (raw ?? '').replace(/([A-Za-z][\w-]*)=(?:"([^"]*)"|(\S+))/g, (_, key: string, quoted?: string, bare?: string) => {
    pairs[key] = quoted ?? bare ?? '';
    return '';
  });
  if (rest.trim()) throw new Error(`a dockerfile block's info string has "${rest.trim()}", which is not key=value (write lab=<lab> and, for a block meant to fail, fails="<error text>")`);
  const parsed = metaSchema.safeParse(pairs);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.') || 'info string';
    throw new Error(`a dockerfile block's ${field}: ${issue.code === 'unrecognized_keys' ? `unknown ${issue.keys.join(', ')}; only lab= and fails= are known` : issue.message}${pairs.lab ? '' : ' (every dockerfile block names the lab whose app it builds against: ```dockerfile lab=multistage-node)'}`);
  }
  return parsed.data;
}

export interface DockerfileBlock extends DockerfileMeta {
  /** 1-based line of the opening fence. */
  line: number;
  code: string;
}

/** The dockerfile blocks of a Markdown/MDX text, in order (fences of ``` or ~~~, any indentation). */
export function dockerfileBlocks(text: string): DockerfileBlock[] {
  const lines = text.split('\n');
  const blocks: DockerfileBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)\s*(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const [, indent, fence, lang, meta] = open;
    const close = lines.findIndex((l, j) => j > i && l.trim().startsWith(fence!) && l.trim().replace(/[`~]/g, '') === '');
    const end = close === -1 ? lines.length : close;
    if (isDockerfileLang(lang)) {
      const code = lines.slice(i + 1, end).map((l) => (l.startsWith(indent!) ? l.slice(indent!.length) : l)).join('\n');
      try {
        blocks.push({ line: i + 1, code: `${code}\n`, ...parseDockerfileMeta(meta) });
      } catch (error) {
        throw new Error(`line ${i + 1}: ${(error as Error).message}`);
      }
    }
    i = end;
  }
  return blocks;
}

/** The part of Shiki's transformer API this uses (Astro's markdown.shikiConfig.transformers). */
interface HastElement {
  properties: Record<string, unknown>;
}
interface TransformerContext {
  options: { lang: string; meta?: { __raw?: string } };
}

/**
 * Checks each dockerfile block's info string when the site is built (a block without lab=
 * fails the build) and marks the rendered <pre> with data-lab (and data-fails) for the page.
 */
export const dockerfileBlockTransformer = {
  name: 'multistage-lab:dockerfile-blocks',
  pre(this: TransformerContext, node: HastElement): void {
    if (!isDockerfileLang(this.options.lang)) return;
    const meta = parseDockerfileMeta(this.options.meta?.__raw);
    node.properties['data-lab'] = meta.lab;
    if (meta.fails) node.properties['data-fails'] = meta.fails;
  },
};
