// `npm run lab:new -- <id> [--title "..."] [--chapter <folder>]`: scaffolds labs/<id>/ and a
// lesson in content/<chapter>/ that embeds it (the last chapter folder unless --chapter says).
// Refuses an id that exists or is not a slug. Then: `npm run labs:verify -- <id>`.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { config } from '../config.ts';
import { scaffoldFiles, titleFromId, validLabId } from './lab-scaffold.ts';

const fail = (message: string): never => {
  console.error(`lab:new: ${message}\nusage: npm run lab:new -- <id> [--title "Lab title"] [--chapter chapter-folder]`);
  process.exit(2);
};

const { values, positionals } = parseArgs({ allowPositionals: true, options: { title: { type: 'string' }, chapter: { type: 'string' } } });
const id = positionals[0] ?? fail('give the new lab an id, e.g. npm run lab:new -- cache-mounts');
if (positionals.length > 1) fail(`one id at a time (got ${positionals.join(' ')})`);
if (!validLabId(id)) fail(`"${id}" is not a lab id: lowercase letters, digits and dashes, at most 40`);
const labDir = path.join(config.labsDir, id);
if (fs.existsSync(labDir)) fail(`${labDir} exists already`);

const chapters = fs
  .readdirSync(config.contentDir, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();
const chapter = values.chapter ?? chapters.at(-1) ?? fail(`no chapter folder in ${config.contentDir}`);
if (!chapters.includes(chapter)) fail(`--chapter: no folder ${chapter} in ${config.contentDir} (chapters: ${chapters.join(', ')})`);
const chapterDir = path.join(config.contentDir, chapter);
const lessons = fs.readdirSync(chapterDir).filter((f) => f.endsWith('.mdx'));
const orders = lessons.map((f) => Number(/^order:\s*(\d+)/m.exec(fs.readFileSync(path.join(chapterDir, f), 'utf8'))?.[1] ?? 0));
const numbers = lessons.map((f) => Number(/^(\d+)-/.exec(f)?.[1] ?? 0));
const files = scaffoldFiles({
  id,
  title: values.title ?? titleFromId(id),
  order: Math.max(0, ...orders) + 1,
  number: String(Math.max(0, ...numbers) + 1).padStart(2, '0'),
});

for (const [name, text] of Object.entries(files.lab)) {
  const target = path.join(labDir, name);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, text);
}
const lessonFile = path.join(chapterDir, files.lesson.name);
fs.writeFileSync(lessonFile, files.lesson.text);
const shown = (p: string) => path.relative(process.cwd(), p) || p;
console.log(`Made ${shown(labDir)}/ (lab.ts, app/, starter/, solution/) and ${shown(lessonFile)}.
Next: edit them (docs/writing-labs.md), then check the lab on the sandbox:
  npm run labs:verify -- ${id}`);
