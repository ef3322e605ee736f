// The WebSocket protocol between the lab page and the build server (docs/protocol.md).
// Every message crossing the socket is validated against these schemas, both ways.
import { z } from 'zod';
import { verdictSchema } from '../checkpoint-schema.ts';
import { analysisSummarySchema } from '../image-analysis/schema.ts';

/** Lab ids are folder names under labs/. */
export const labId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a lab id is lowercase letters, digits and dashes')
  .describe('Id of the lab (its folder under labs/).');

export const editorFileName = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,64}$/, 'a plain file name such as "Dockerfile"')
  .describe('An editor file of the lab, e.g. "Dockerfile" or "Dockerfile.regular".');

const byteLength = (text: string) => new TextEncoder().encode(text).length;
export const limitedText = (maxBytes: number, what: string) =>
  z.string().refine((text) => byteLength(text) <= maxBytes, { message: `the ${what} is larger than ${Math.round(maxBytes / 1024)} KiB` });

export function buildRequestSchema(maxDockerfileBytes: number) {
  return z.object({
    type: z.literal('build'),
    lab: labId,
    file: editorFileName.default('Dockerfile').describe('Which editor file this is; its lab steps are checked.'),
    files: z
      .object({
        Dockerfile: limitedText(maxDockerfileBytes, 'Dockerfile').describe("The learner's Dockerfile text."),
        '.dockerignore': limitedText(maxDockerfileBytes, '.dockerignore').optional().describe("The learner's .dockerignore, if the lab has one."),
      })
      .strict()
      .describe('Files the learner edits; the lab supplies the rest of the build context.'),
    target: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/, 'a stage name as written after AS')
      .optional()
      .describe("Build only up to this named stage (BuildKit's --target). Checkpoints that need the final image answer `skipped`."),
  });
}

export const buildIdSchema = z.string().regex(/^[A-Za-z0-9-]{8,64}$/, 'a build id as the server sent it').describe('Id of a build, from its `accepted` message.');

export const cancelRequestSchema = z
  .object({ type: z.literal('cancel'), buildId: buildIdSchema.optional().describe('Default: the build this connection started last.') })
  .strict();

export const resumeRequestSchema = z
  .object({
    type: z.literal('resume'),
    buildId: buildIdSchema,
    after: z.number().int().nonnegative().describe('The last `seq` of this build the page has drawn; 0 for all of it.'),
  })
  .strict()
  .describe('Replay a build from the server\'s buffer and follow it to its end (after a reconnect, or from a second tab).');

export function clientMessageSchema(maxDockerfileBytes: number) {
  return z.discriminatedUnion('type', [buildRequestSchema(maxDockerfileBytes), cancelRequestSchema, resumeRequestSchema]);
}

export type BuildRequest = z.infer<ReturnType<typeof buildRequestSchema>>;
export type ClientMessage = z.infer<ReturnType<typeof clientMessageSchema>>;

/** Why a request or a build failed; stable identifiers the page can rely on. */
export const errorCode = z.enum([
  'bad-json', // the frame is not JSON
  'bad-message', // JSON, but not a valid message
  'too-large', // a Dockerfile or context over its limit
  'unknown-lab',
  'busy', // this learner already has a build running and one waiting
  'queue-full',
  'rate-limited', // too many messages too fast; the connection stays open
  'refused', // the Dockerfile asks for something the sandbox does not offer
  'unknown-build', // resume or cancel of a build the server does not know (any more)
  'build-failed', // a step failed or the Dockerfile is invalid
  'timeout', // the build itself ran past its wall clock
  'deadline', // the build and its checks ran past the overall deadline
  'cancelled',
  'log-truncated', // the log cap was reached; the build goes on
  'checks-failed', // the checkpoints could not be run; the verdicts that could be had follow
  'progress-not-saved', // the result could not be stored; the build still reports it
  'engine-unavailable',
]);
export type ErrorCode = z.infer<typeof errorCode>;

export const stepStatus = z.enum(['running', 'done', 'cached', 'error']);

/** Fields of every message that belongs to a build: which build, and its place in it. */
const ofBuild = {
  buildId: z.string(),
  seq: z.number().int().positive().describe('1, 2, 3 ... per build: what a page resumes from.'),
};

export const buildPhase = z.enum(['queued', 'building', 'checking', 'done']);

export const serverMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('accepted'), ...ofBuild, lab: z.string(), file: z.string() }).describe('The first message of every build.'),
  z.object({ type: z.literal('queued'), ...ofBuild, position: z.number().int().nonnegative().describe('Builds ahead of this one.') }),
  z.object({ type: z.literal('started'), ...ofBuild }),
  z.object({
    type: z.literal('step'),
    ...ofBuild,
    id: z.string().describe('BuildKit vertex digest; log lines refer to it.'),
    name: z.string().describe('As BuildKit names it, e.g. "[builder 2/4] RUN npm ci".'),
    status: stepStatus,
    durationMs: z.number().nonnegative().optional(),
    error: z.string().optional(),
  }),
  z.object({
    type: z.literal('log'),
    ...ofBuild,
    step: z.string(),
    stream: z.enum(['stdout', 'stderr']),
    text: z.string(),
  }),
  z.object({
    type: z.literal('error'),
    buildId: ofBuild.buildId.optional().describe('Absent when a request was refused before it became a build.'),
    seq: ofBuild.seq.optional(),
    code: errorCode,
    message: z.string(),
    step: z.string().optional().describe('Name of the failing step, when a step failed.'),
  }),
  z.object({
    type: z.literal('result'),
    ...ofBuild,
    file: z.string().describe('The editor file that was built.'),
    ok: z.boolean(),
    outcome: z.enum(['success', 'failed', 'cancelled', 'timeout']),
    imageSize: z.number().int().nonnegative().optional().describe('Bytes, as the engine reports the image size.'),
    stages: z.number().int().nonnegative().describe('FROM instructions in the Dockerfile.'),
    durationMs: z.number().nonnegative(),
    checking: z.boolean().describe('True when a `checkpoints` message follows and ends the build.'),
    target: z.string().optional().describe('The stage this build stopped at (--target); absent for a whole build.'),
  }),
  z
    .object({
      type: z.literal('analysis'),
      ...ofBuild,
      summary: analysisSummarySchema.optional().describe('Present when the analysis finished; the whole of it: GET /api/labs/:lab/builds/:buildId/analysis.'),
      error: z.string().optional().describe('Why there is no analysis of this build, for the learner (the image has too many files, it took too long ...).'),
    })
    .describe('After a successful build, before the message that ends it: what is inside the image (docs/protocol.md, "Inside the image").'),
  z.object({
    type: z.literal('lint'),
    ...ofBuild,
    diagnostics: z.array(
      z.object({
        rule: z.string(),
        severity: z.enum(['error', 'warning', 'info']),
        message: z.string(),
        line: z.number().int().positive().describe('1-based, as editors count.'),
        column: z.number().int().positive(),
      }),
    ),
  }).describe("The editor's multi-stage rules, run by the server on the Dockerfile before it builds."),
  z.object({
    type: z.literal('checkpoints'),
    ...ofBuild,
    file: z.string(),
    steps: z.array(z.object({ step: z.string(), checkpoints: z.array(verdictSchema) })),
    durationMs: z.number().nonnegative().describe('Time the checks took after the build.'),
  }),
  z.object({
    type: z.literal('hello'),
    builds: z.array(z.object({ buildId: z.string(), lab: z.string(), file: z.string(), phase: buildPhase, lastSeq: z.number().int().nonnegative() })),
  }).describe("Sent when a connection opens: the learner's running and just-finished builds, to resume."),
  z.object({ type: z.literal('heartbeat') }).describe('Sent every few seconds: silence means the connection is dead.'),
]);

export type ServerMessage = z.infer<typeof serverMessageSchema>;
export type StepMessage = Extract<ServerMessage, { type: 'step' }>;
export type LogMessage = Extract<ServerMessage, { type: 'log' }>;
export type ResultMessage = Extract<ServerMessage, { type: 'result' }>;
export type AnalysisMessage = Extract<ServerMessage, { type: 'analysis' }>;
export type BuildPhase = z.infer<typeof buildPhase>;
/** A message of a build as the pipeline emits it; the build's journal adds buildId and seq. */
export type BuildEvent = ServerMessage extends infer M ? (M extends { seq?: number } ? Omit<M, 'buildId' | 'seq'> : never) : never;
/** A message that belongs to a build, with its place in it. */
export type BuildMessage = Extract<ServerMessage, { seq?: number }> & { buildId: string; seq: number };
