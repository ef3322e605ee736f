// Loads lab folders: validates labs/<id>/lab.ts and reads the files it names, failing with
// the file, the field and what was expected.
import fs from 'node:fs';
import path from 'node:path';
import { modelOf } from '../../shared/lint/dockerfile-model.ts';
import { isInside } from '../dist-outside-checkout.ts';
import { BASE_IMAGES_FILE } from '../../shared/base-images.ts';
import { normalizeImage } from '../../shared/dockerfile-facts.ts';
import { isOfferedImage, offeredImagesText } from '../../shared/offered-images.ts';
import { labSchema, type LabDefinition } from './lab-schema.ts';

export interface ContextFile {
  /** Path inside the build context, with forward slashes. */
  name: string;
  content: Buffer;
  mode: number;
}

export interface Lab {
  id: string;
  dir: string;
  definition: LabDefinition;
  /** The app folder's files, read once. */
  contextFiles: ContextFile[];
  /** Starter text of each editor file, by file name. */
  starters: Record<string, string>;
  /** Solution text of each editor file (the starter where the lab gives none). */
  solutions: Record<string, string>;
}

export class LabError extends Error {}

export const LAB_FILE = 'lab.ts';

function readTree(root: string, dir = root): ContextFile[] {
  const files: ContextFile[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...readTree(root, full));
    else if (entry.isFile()) {
      const { mode } = fs.statSync(full);
      files.push({ name: path.relative(root, full).split(path.sep).join('/'), content: fs.readFileSync(full), mode: mode & 0o777 });
    }
  }
  return files;
}

/**
 * Every build sends the context folder and the page lists it (/api/labs/:lab/context): it must
 * not lead out of the lab folder (a symlink) nor hold lab.ts (the hints), a starter or a
 * solution, which challenge mode hands out only once earned.
 */
function refuseExposingContext(file: string, dir: string, definition: LabDefinition): void {
  const lab = fs.realpathSync(dir);
  const context = fs.realpathSync(path.join(lab, definition.context));
  if (!isInside(lab, context)) throw new LabError(`${file}: context: "${definition.context}" leads outside the lab folder`);
  const held = [LAB_FILE, ...definition.editors.flatMap((e) => [e.starter, ...(e.solution ? [e.solution] : [])])].filter((relative) => isInside(context, path.resolve(lab, relative)));
  if (held.length > 0) throw new LabError(`${file}: context: "${definition.context}" holds ${held.join(', ')}, which every build would send; keep the app in a folder of its own`);
}

/** Images a Dockerfile starts stages from, other than its own stages. */
function externalBases(dockerfile: string): string[] {
  const model = modelOf(dockerfile);
  return (model?.stages ?? []).filter((s) => s.parent === undefined && s.image !== 'scratch').map((s) => model!.expand(s.written?.image ?? ''));
}

/**
 * Reads and validates one lab folder. `version` (a reload in development) imports lab.ts
 * afresh: a module is cached by its URL, so a new query makes a new module (not `?v=`: Vite reads that as its own and drops it).
 */
export async function loadLab(labsDir: string, id: string, version?: string): Promise<Lab> {
  const dir = path.join(labsDir, id);
  const file = path.join(dir, LAB_FILE);
  if (!fs.existsSync(file)) throw new LabError(`${file}: missing (every lab folder needs a ${LAB_FILE})`);
  let raw: unknown;
  try {
    raw = ((await import(/* @vite-ignore */ version ? `${file}?lab-version=${version}` : file)) as { default?: unknown }).default;
  } catch (error) {
    throw new LabError(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = labSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(default export)'}: ${i.message}`).join('\n');
    throw new LabError(`${file} is not a valid lab definition:\n${issues}`);
  }
  const definition = parsed.data;
  const contextDir = path.join(dir, definition.context);
  if (!fs.existsSync(contextDir)) throw new LabError(`${file}: context: folder "${definition.context}" does not exist`);
  refuseExposingContext(file, dir, definition);
  const read = (relative: string, field: string) => {
    const target = path.join(dir, relative);
    if (!fs.existsSync(target)) throw new LabError(`${file}: ${field}: "${relative}" does not exist`);
    return fs.readFileSync(target, 'utf8');
  };
  definition.baseImages.forEach((image, i) => {
    if (!isOfferedImage(image)) throw new LabError(`${file}: baseImages.${i}: "${image}" is not offered here (${offeredImagesText()}); add it to ${BASE_IMAGES_FILE}`);
  });
  const starters: Record<string, string> = {};
  const solutions: Record<string, string> = {};
  const allowedBases = new Set(definition.baseImages.map(normalizeImage));
  definition.editors.forEach((editor, i) => {
    starters[editor.file] = read(editor.starter, `editors.${i}.starter`);
    solutions[editor.file] = editor.solution ? read(editor.solution, `editors.${i}.solution`) : starters[editor.file]!;
    if (!editor.buildable) return;
    for (const [which, text] of [['starter', starters[editor.file]!], ['solution', solutions[editor.file]!]] as const) {
      const outside = externalBases(text).filter((b) => !allowedBases.has(normalizeImage(b)));
      if (outside.length > 0) {
        throw new LabError(`${file}: editors.${i}.${which} starts FROM ${outside.join(', ')}, which baseImages (${definition.baseImages.join(', ')}) does not list`);
      }
    }
  });
  return { id, dir, definition, contextFiles: readTree(contextDir), starters, solutions };
}

/** The ids of the lab folders under labs/ (those with a lab.ts). */
export const labIds = (labsDir: string): string[] =>
  fs
    .readdirSync(labsDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(labsDir, e.name, LAB_FILE)))
    .map((e) => e.name)
    .sort();

/** Every lab under labs/, by id. */
export async function loadLabs(labsDir: string, version?: string): Promise<Map<string, Lab>> {
  const labs = await Promise.all(labIds(labsDir).map((id) => loadLab(labsDir, id, version)));
  return new Map(labs.map((lab) => [lab.id, lab]));
}
