// The WebSocket protocol between the lab page and the build server (docs/protocol.md).
// Every message crossing the socket is validated against these schemas, both ways.
import { z } from 'zod';

/** Lab ids are folder names under labs/. */
export const labId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a lab id is lowercase letters, digits and dashes')
  .describe('Id of the lab (its folder under labs/).');

export function buildRequestSchema(maxDockerfileBytes: number) {
  return z.object({
    type: z.literal('build'),
    lab: labId,
    files: z
      .object({
        Dockerfile: z
          .string()
          .refine((text) => Buffer.byteLength(text, 'utf8') <= maxDockerfileBytes, {
            message: `the Dockerfile is larger than ${Math.round(maxDockerfileBytes / 1024)} KiB`,
          })
          .describe("The learner's Dockerfile text."),
      })
      .strict()
      .describe('Files the learner edits; the lab supplies the rest of the build context.'),
  });
}

export const cancelRequestSchema = z.object({ type: z.literal('cancel') });

export function clientMessageSchema(maxDockerfileBytes: number) {
  return z.discriminatedUnion('type', [buildRequestSchema(maxDockerfileBytes), cancelRequestSchema]);
}

export type BuildRequest = z.infer<ReturnType<typeof buildRequestSchema>>;
export type ClientMessage = z.infer<ReturnType<typeof clientMessageSchema>>;

/** Why a request or a build failed; stable identifiers the page can rely on. */
export const errorCode = z.enum([
  'bad-json', // the frame is not JSON
  'bad-message', // JSON, but not a valid message
  'too-large', // a Dockerfile or context over its limit
  'unknown-lab',
  'busy', // this connection already has a build running
  'queue-full',
  'build-failed', // a step failed or the Dockerfile is invalid
  'timeout',
  'cancelled',
  'log-truncated', // the log cap was reached; the build goes on
  'engine-unavailable',
]);
export type ErrorCode = z.infer<typeof errorCode>;

export const stepStatus = z.enum(['running', 'done', 'cached', 'error']);

export const serverMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('queued'), position: z.number().int().nonnegative().describe('Builds ahead of this one.') }),
  z.object({ type: z.literal('started'), buildId: z.string() }),
  z.object({
    type: z.literal('step'),
    id: z.string().describe('BuildKit vertex digest; log lines refer to it.'),
    name: z.string().describe('As BuildKit names it, e.g. "[builder 2/4] RUN npm ci".'),
    status: stepStatus,
    durationMs: z.number().nonnegative().optional(),
    error: z.string().optional(),
  }),
  z.object({
    type: z.literal('log'),
    step: z.string(),
    stream: z.enum(['stdout', 'stderr']),
    text: z.string(),
  }),
  z.object({
    type: z.literal('error'),
    code: errorCode,
    message: z.string(),
    step: z.string().optional().describe('Name of the failing step, when a step failed.'),
  }),
  z.object({
    type: z.literal('result'),
    buildId: z.string(),
    ok: z.boolean(),
    outcome: z.enum(['success', 'failed', 'cancelled', 'timeout']),
    imageSize: z.number().int().nonnegative().optional().describe('Bytes, as the engine reports the image size.'),
    stages: z.number().int().nonnegative().describe('FROM instructions in the Dockerfile.'),
    durationMs: z.number().nonnegative(),
  }),
]);

export type ServerMessage = z.infer<typeof serverMessageSchema>;
export type StepMessage = Extract<ServerMessage, { type: 'step' }>;
export type LogMessage = Extract<ServerMessage, { type: 'log' }>;
export type ResultMessage = Extract<ServerMessage, { type: 'result' }>;
export type ErrorMessage = Extract<ServerMessage, { type: 'error' }>;
