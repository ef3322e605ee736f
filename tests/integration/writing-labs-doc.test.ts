// docs/writing-labs.md, followed literally: the worked example's commands run as written (in
// temporary labs/ and content/ folders), its code pasted where the text says, and the lab
// verified on the real sandbox.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../server/config.ts';
import { loadLab } from '../../server/labs/lab-registry.ts';

const doc = fs.readFileSync(path.join(projectRoot, 'docs/writing-labs.md'), 'utf8');
const example = doc.slice(doc.indexOf('## Worked example'), doc.indexOf('\n## ', doc.indexOf('## Worked example') + 1));
/** The example's fenced blocks in order, without the list's indentation. */
const blocks = [...example.matchAll(/^( *)```(\w+)\n([\s\S]*?)^\1```$/gm)].map((m) => ({
  lang: m[2]!,
  text: m[3]!
    .split('\n')
    .map((line) => line.slice(m[1]!.length))
    .join('\n'),
}));

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mslab-doc-example-'));
const env = { ...process.env, MSLAB_LABS_DIR: path.join(work, 'labs'), MSLAB_CONTENT_DIR: path.join(work, 'content') };
fs.mkdirSync(env.MSLAB_LABS_DIR);
fs.cpSync(path.join(projectRoot, 'content'), env.MSLAB_CONTENT_DIR, { recursive: true });
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const run = (command: string) => {
  const result = spawnSync('sh', ['-c', command], { cwd: projectRoot, env, encoding: 'utf8', timeout: 300_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
};
/** A path the text names (labs/… or content/…), in the temporary folders. */
const named = (relative: string) => path.join(relative.startsWith('labs/') ? env.MSLAB_LABS_DIR : env.MSLAB_CONTENT_DIR, relative.replace(/^(labs|content)\//, ''));

describe('the worked example in docs/writing-labs.md', () => {
  it('has its four steps: make the lab, add a step, show it in the lesson, verify', () => {
    expect(blocks.map((b) => b.lang)).toEqual(['bash', 'ts', 'mdx', 'bash']);
  });

  it('works when followed literally', async () => {
    const made = run(blocks[0]!.text);
    expect(made.status, made.output).toBe(0);

    const labFile = named(/In `(labs\/[\w-]+\/lab\.ts)`, paste this/.exec(example)![1]!);
    const marker = /where it says\s+`([^`]+)`/.exec(example)![1]!;
    const lab = fs.readFileSync(labFile, 'utf8');
    const markerLine = lab.split('\n').find((line) => line.includes(marker))!;
    const indent = /^ */.exec(markerLine)![0];
    const pasted = blocks[1]!.text.trimEnd().split('\n').map((line) => (line ? indent + line : line)).join('\n');
    fs.writeFileSync(labFile, lab.replace(markerLine, `${pasted}\n${markerLine}`));

    const lessonFile = named(/at the end of\s+`(content\/[^`]+\.mdx)`/.exec(example)![1]!);
    fs.appendFileSync(lessonFile, `\n${blocks[2]!.text}`);
    const lesson = fs.readFileSync(lessonFile, 'utf8');
    const pageLab = /^lab: (.+)$/m.exec(lesson)![1];
    const loaded = await loadLab(env.MSLAB_LABS_DIR, pageLab!);
    for (const [, stepLab, step] of lesson.matchAll(/<LabStep lab="([^"]+)" step="([^"]+)">/g)) {
      expect(stepLab).toBe(pageLab);
      expect(loaded.definition.steps.map((s) => s.id)).toContain(step);
    }

    const verified = run(blocks[3]!.text);
    expect(verified.status, verified.output).toBe(0);
    const said = /It ends with `([^`]+)`, and lists\s+`([^`]+)`/.exec(example)!;
    const squeeze = (text: string) => text.replace(/[ \t]+/g, ' ');
    expect(verified.output).toContain(said[1]);
    expect(squeeze(verified.output)).toContain(squeeze(said[2]!));
  });
});
