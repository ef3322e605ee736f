// The lab's build context as the page shows it (GET /api/labs/:lab/context), and which of its
// files a build would send to the engine given the learner's .dockerignore. The server packs
// the same way (server/builds/build-context.ts, planContext): the learner's Dockerfile and
// .dockerignore are always sent, the app's other files unless .dockerignore leaves them out.
// No Node APIs: the page runs this on every keystroke in the .dockerignore tab.
import { z } from 'zod';
import { Dockerignore, type IgnoreProblem } from './dockerignore.ts';

export const contextFileSchema = z.object({
  path: z.string().describe('Path inside the build context, forward slashes ("server.js", "src/index.ts").'),
  bytes: z.number().int().nonnegative().describe('Size of the file as the engine receives it.'),
  text: z.string().optional().describe('The file as UTF-8 text; absent when it is binary or over `fileBytes`.'),
  omitted: z.enum(['binary', 'too-large']).optional().describe('Why `text` is absent.'),
});
export type ContextFile = z.infer<typeof contextFileSchema>;

export const contextListingSchema = z.object({
  lab: z.string(),
  files: z.array(contextFileSchema).describe("The lab's app files, sorted by path: what a build sends besides the learner's own files."),
  fileBytes: z.number().int().positive().describe('Files larger than this come without their text.'),
});
export type ContextListing = z.infer<typeof contextListingSchema>;

/** Files the learner writes in the editor; the engine always receives them. */
const ALWAYS_SENT = new Set(['Dockerfile', '.dockerignore']);

/** Like the docker CLI, the Dockerfile and .dockerignore are sent even when .dockerignore names them. */
export const alwaysSent = (path: string): boolean => ALWAYS_SENT.has(path);

export interface PlannedFile {
  path: string;
  bytes: number;
  /** True when .dockerignore leaves it out of what the engine receives. */
  ignored: boolean;
  /** True for the learner's Dockerfile and .dockerignore (from the editor, not the app). */
  learner: boolean;
}

export interface PlannedContext {
  files: PlannedFile[];
  /** Bytes the engine would receive. */
  sentBytes: number;
  sentFiles: number;
  /** Lines of .dockerignore the server would refuse: the build would not start. */
  problems: IgnoreProblem[];
}

const utf8Bytes = (text: string) => new TextEncoder().encode(text).length;

/**
 * What a build sends: the app's files (an app file of the same name as a learner's file is
 * replaced by it), each marked ignored or not by the .dockerignore in effect: the learner's
 * when the lab has that tab (`learnerFiles['.dockerignore']`), else the app's own.
 */
export function planContext(appFiles: readonly ContextFile[], learnerFiles: { Dockerfile: string; '.dockerignore'?: string }): PlannedContext {
  const ignoreText = learnerFiles['.dockerignore'] ?? appFiles.find((f) => f.path === '.dockerignore')?.text ?? '';
  const ignore = new Dockerignore(ignoreText);
  const learner = Object.entries(learnerFiles)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([path, text]) => ({ path, bytes: utf8Bytes(text), ignored: false, learner: true }));
  const taken = new Set(learner.map((f) => f.path));
  const app = appFiles
    .filter((f) => !taken.has(f.path))
    .map((f) => ({ path: f.path, bytes: f.bytes, ignored: !alwaysSent(f.path) && ignore.ignores(f.path), learner: false }));
  const files = [...app, ...learner].sort((a, b) => a.path.localeCompare(b.path));
  const sent = files.filter((f) => !f.ignored);
  return { files, sentBytes: sent.reduce((n, f) => n + f.bytes, 0), sentFiles: sent.length, problems: ignore.problems };
}
