// The checkpoint kinds an instructor can put in a lab step. Each one is checked against the
// real result of the learner's build: the Dockerfile, the image the engine produced, its
// files, and a sandboxed run of it.
import { z } from 'zod';

export const slug = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and dashes');
const absolutePath = z.string().regex(/^\/\S*$/, 'an absolute path inside the image, e.g. /app/server.js');
const fileName = z.string().regex(/^[A-Za-z0-9._-]+$/, 'a plain file name such as "Dockerfile"');

const common = {
  id: slug.describe('Stable id within the step; progress is stored under it.'),
  title: z.string().min(1).describe('What the learner must achieve, e.g. "The final image has no compiler".'),
  hints: z.array(z.string().min(1)).default([]).describe('Revealed one at a time, from gentle to explicit.'),
  starter: z
    .enum(['pass', 'fail'])
    .describe("The verdict the lab's starter gets; `npm run labs:verify` checks it (the solution must pass every checkpoint)."),
};

export const checkpointSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('builds'), ...common }).describe('The build succeeds.'),
  z
    .object({ kind: z.literal('stages'), ...common, min: z.number().int().min(1).describe('Fewest FROM instructions.') })
    .describe('The Dockerfile has at least `min` stages.'),
  z
    .object({
      kind: z.literal('final-base'),
      ...common,
      allowed: z.array(z.string().min(1)).min(1).describe('Image references the final stage may start from, e.g. "node:18-alpine".'),
    })
    .describe("The final stage's base image (through stage names) is one of `allowed`."),
  z
    .object({ kind: z.literal('max-size'), ...common, mb: z.number().positive().describe('Megabytes (10^6 bytes), as `docker images` shows.') })
    .describe('The final image is at most `mb` MB, by the engine’s own size figure.'),
  z
    .object({
      kind: z.literal('relative-size'),
      ...common,
      of: fileName.describe("The other editor file whose latest successful build is the baseline, e.g. 'Dockerfile.regular'."),
      maxPercent: z.number().positive().max(100).describe('The image may be at most this percent of the baseline.'),
    })
    .describe("The final image is at most `maxPercent`% of the learner's latest build of `of`."),
  z
    .object({
      kind: z.literal('path-absent'),
      ...common,
      path: absolutePath,
      alsoAt: z
        .array(absolutePath)
        .default([])
        .describe('Where other images keep the same thing (the real golang image has Go in /usr/local/go, Debian in /usr/lib/go-1.19): none may exist either, so the check holds on real images and stand-ins alike.'),
    })
    .describe('Nothing exists at `path`, nor at any of `alsoAt`, in the final image.'),
  z.object({ kind: z.literal('path-present'), ...common, path: absolutePath }).describe('Something exists at `path` in the final image.'),
  z
    .object({
      kind: z.literal('no-dev-dependencies'),
      ...common,
      packageJson: z.string().default('package.json').describe("The app's package.json, relative to the build context."),
      nodeModules: absolutePath.describe('Where the final image keeps node_modules, e.g. /app/node_modules.'),
    })
    .describe('No devDependency of the app is installed in the final image.'),
  z.object({ kind: z.literal('non-root'), ...common }).describe('The final image runs as a user other than root.'),
  z
    .object({
      kind: z.literal('http'),
      ...common,
      port: z.number().int().min(1).max(65535),
      path: z.string().startsWith('/').default('/'),
      status: z.number().int().min(100).max(599).default(200),
      bodyContains: z.string().optional().describe('Text the response body must contain.'),
      timeoutSeconds: z.number().positive().max(30).default(10).describe('How long the container has to start answering.'),
    })
    .describe('A container of the image (no network, read-only root, limits) answers an HTTP request on `port`.'),
  z
    .object({
      kind: z.literal('dockerignore-excludes'),
      ...common,
      paths: z.array(z.string().min(1)).min(1).describe('Context paths the .dockerignore must exclude, e.g. ".env", "node_modules/x.js".'),
    })
    .describe("The learner's .dockerignore keeps each of `paths` out of the build context."),
  z
    .object({
      kind: z.literal('binary-runs'),
      ...common,
      path: absolutePath,
      args: z.array(z.string()).default([]),
      exitCode: z.number().int().default(0),
      outputContains: z.string().optional(),
    })
    .describe('Running `path` with `args` in the final image exits with `exitCode`.'),
  z
    .object({ kind: z.literal('max-wasted'), ...common, mb: z.number().nonnegative().describe('Megabytes (10^6 bytes) of wasted space allowed, as dive counts it.') })
    .describe('The final image wastes at most `mb` MB: files a later layer overwrites or deletes, and files copied into more than one layer (every copy counted, as dive does).'),
  z
    .object({ kind: z.literal('min-efficiency'), ...common, percent: z.number().min(0).max(100).describe("dive's efficiency score, in percent.") })
    .describe("The final image's efficiency (dive's score: each file's smallest copy over all its copies) is at least `percent`%."),
  z
    .object({
      kind: z.literal('stage-from'),
      ...common,
      stage: z.string().min(1).describe('The stage that must inherit, e.g. "test".'),
      from: z.string().min(1).describe('The earlier stage it starts from (`FROM <from> AS <stage>`), e.g. "deps".'),
    })
    .describe('The Dockerfile has a stage named `stage` that starts `FROM` the stage named `from`, inheriting its files, ENV and WORKDIR.'),
  z
    .object({ kind: z.literal('stage-skipped'), ...common, stage: z.string().min(1).describe('The stage the default build must not run, e.g. "test".') })
    .describe("The Dockerfile has a stage named `stage`, and the build's trace shows BuildKit ran none of its steps, not even from cache: the final image does not need it."),
  z
    .object({
      kind: z.literal('path-owner'),
      ...common,
      path: absolutePath,
      uid: z.number().int().nonnegative().describe('The owner’s numeric user id, e.g. 65534.'),
      mode: z
        .string()
        .regex(/^0?[0-7]{3,4}$/, 'octal permission bits, e.g. "0400"')
        .optional()
        .describe('The permission bits, in octal as chmod writes them, e.g. "0400" (owner may read, nobody else anything).'),
    })
    .describe('What is at `path` in the final image belongs to user `uid` (and has the permission bits `mode`).'),
  z
    .object({ kind: z.literal('cache-mount'), ...common, target: absolutePath.describe("The cache's folder inside the RUN step, e.g. /root/.npm.") })
    .describe('A RUN instruction of the Dockerfile mounts a BuildKit cache (`--mount=type=cache`) at `target`.'),
  z
    .object({
      kind: z.literal('lint-clean'),
      ...common,
      severity: z.enum(['error', 'warning', 'info']).default('warning').describe('The least severe finding that fails the checkpoint.'),
    })
    .describe("The editor's multi-stage rules find nothing at or above `severity` in the Dockerfile."),
]);

export type Checkpoint = z.infer<typeof checkpointSchema>;

/** The verdict on one checkpoint, as the page shows it. */
export const verdictSchema = z.object({
  id: z.string(),
  status: z
    .enum(['pass', 'fail', 'skipped'])
    .describe('`skipped`: this build cannot answer it (it stopped at a --target stage, or the image analysis did not finish); `found` says why. Not stored: the last real verdict stays.'),
  expected: z.string().describe('What the checkpoint looks for, in words.'),
  found: z.string().describe('What the build actually has.'),
});
export type Verdict = z.infer<typeof verdictSchema>;
