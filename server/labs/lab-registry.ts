// Loads lab folders: validates lab.json and reads the app files that form the build context.
import fs from 'node:fs';
import path from 'node:path';
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
  /** Starter (and solution) texts of each editor tab, by file name. */
  starters: Record<string, string>;
  solutions: Record<string, string>;
}

export class LabError extends Error {}

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

function readInside(labDir: string, relative: string, what: string): string {
  const file = path.join(labDir, relative);
  if (!fs.existsSync(file)) throw new LabError(`${path.join(labDir, 'lab.json')}: ${what} "${relative}" does not exist`);
  return fs.readFileSync(file, 'utf8');
}

/** Reads and validates one lab folder; the error names the file, the field and what was expected. */
export function loadLab(labsDir: string, id: string): Lab {
  const dir = path.join(labsDir, id);
  const file = path.join(dir, 'lab.json');
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new LabError(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = labSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n');
    throw new LabError(`${file} is not a valid lab definition:\n${issues}`);
  }
  const definition = parsed.data;
  const contextDir = path.join(dir, definition.context);
  if (!fs.existsSync(contextDir)) throw new LabError(`${file}: context folder "${definition.context}" does not exist`);
  const starters: Record<string, string> = {};
  const solutions: Record<string, string> = {};
  for (const editor of definition.editors) {
    starters[editor.file] = readInside(dir, editor.starter, `editors.${editor.file}.starter`);
    if (editor.solution) solutions[editor.file] = readInside(dir, editor.solution, `editors.${editor.file}.solution`);
  }
  return { id, dir, definition, contextFiles: readTree(contextDir), starters, solutions };
}

/** Every lab under labs/, by id. */
export function loadLabs(labsDir: string): Map<string, Lab> {
  const labs = new Map<string, Lab>();
  for (const entry of fs.readdirSync(labsDir, { withFileTypes: true })) {
    if (entry.isDirectory() && fs.existsSync(path.join(labsDir, entry.name, 'lab.json'))) {
      labs.set(entry.name, loadLab(labsDir, entry.name));
    }
  }
  return labs;
}

