// What the server finds inside a built image, as the page gets it: layers tied to the
// Dockerfile, every path of every layer as one tree, wasted space as dive counts it, the
// Dockerfile's stages as a graph with what BuildKit did with each, and comparisons of two
// builds. The server fills these (server/image-analysis/); the page imports the types and may
// validate what it receives with the schemas. See docs/protocol.md, "Inside the image".
import { z } from 'zod';

const bytes = z.number().int().nonnegative();
const index = z.number().int().nonnegative();

/** How a layer touched a path. */
export const fileChangeKind = z.enum(['added', 'modified', 'removed']);
export type FileChangeKind = z.infer<typeof fileChangeKind>;

export const fileChangeSchema = z.object({
  layer: index.describe('Index into `layers` of the layer that made the change.'),
  change: fileChangeKind.describe(
    '`added`: the path did not exist below this layer; `modified`: it did and this layer wrote it again (an overwrite); ' +
      '`removed`: a whiteout (or an opaque folder, or the removal of a folder above it) took it away.',
  ),
  size: bytes.describe("The path's bytes as this layer left it (a regular file's size; 0 for folders, links and removals)."),
});
export type FileChange = z.infer<typeof fileChangeSchema>;

export const fileKind = z.enum(['dir', 'file', 'symlink', 'hardlink', 'other']);
export type FileKind = z.infer<typeof fileKind>;

export const fileNodeSchema = z.object({
  name: z.string().describe('One path segment ("node_modules"); the root is "".'),
  parent: z.number().int().min(-1).describe('Index of the parent node in `tree`; -1 for the root. A parent always comes before its children.'),
  kind: fileKind.describe('As the last layer that wrote it left it.'),
  size: bytes.describe('Bytes in the final image: a file its size, a folder the sum of the regular files under it; 0 when absent.'),
  link: z.string().optional().describe('Target of a symlink or hard link.'),
  changes: z
    .array(fileChangeSchema)
    .describe(
      'Every layer that touched this path, in layer order. The path is in the final image when the last change is not `removed`; ' +
        'a removal is recorded on every path it took away, so the state at any layer is the last change at or below it. ' +
        'A folder gets `added` when it first appears; a layer that only writes inside it adds no change to the folder itself.',
    ),
});
export type FileNode = z.infer<typeof fileNodeSchema>;

export const layerChangeCountsSchema = z.object({
  added: z.object({ files: index, bytes }),
  modified: z.object({ files: index, bytes }),
  removed: z.object({ files: index, bytes: bytes.describe('Bytes the removed paths had below this layer.') }),
});

export const layerSchema = z.object({
  index: index.describe('Position in `layers`, oldest first (as `docker history` lists them, reversed).'),
  createdBy: z.string().describe('The instruction as the image history records it, e.g. "RUN /bin/sh -c npm install # buildkit"; "" for an imported base.'),
  empty: z.boolean().describe('True for history entries that change no files (ENV, CMD, EXPOSE ...): no layer, size 0.'),
  size: bytes.describe('Bytes, exactly as `docker history` shows for this entry.'),
  digest: z.string().optional().describe('The layer\'s diff id (sha256:...); absent for empty entries.'),
  base: z.boolean().describe('True when the entry comes from the base image rather than from the learner\'s Dockerfile.'),
  instruction: z
    .object({
      stage: index.describe('Index of the Dockerfile stage (see `stages.stages`).'),
      line: z.number().int().positive().describe('1-based line of the instruction in the Dockerfile as the learner wrote it.'),
      endLine: z.number().int().positive().describe('Last line (an instruction may continue over several lines).'),
      text: z.string().describe('The instruction as written, continuation lines joined, clipped to 200 characters.'),
      cached: z.boolean().optional().describe('True when BuildKit took this step from its cache in this build; absent when the trace did not say.'),
    })
    .optional()
    .describe('Where in the learner\'s Dockerfile this entry comes from; absent for base-image entries.'),
  changes: layerChangeCountsSchema.describe('What this layer did to the filesystem; all zero for empty entries.'),
});
export type Layer = z.infer<typeof layerSchema>;

export const offenderSchema = z.object({
  path: z.string().describe('A file, or the highest folder all of whose files are wasted in the same layers ("/app/node_modules").'),
  kind: z.enum(['file', 'dir']),
  files: z.number().int().positive().describe('Files counted under this entry.'),
  bytes: bytes.describe('Wasted bytes as dive counts them: every copy of every file counted, in every layer it appears in.'),
  layers: z.array(index).describe('The layers that wrote or removed these files, in order.'),
});
export type Offender = z.infer<typeof offenderSchema>;

export const wasteSchema = z.object({
  wastedBytes: bytes.describe(
    'dive\'s "potential wasted space": for every file that more than one layer wrote or removed, the bytes of each copy ' +
      '(a file added then deleted counts its size; a file written twice counts both copies).',
  ),
  efficiency: z.number().min(0).max(1).describe('dive\'s efficiency score: for every file, its smallest copy over all its copies, summed; 1 when nothing is wasted.'),
  wastedFiles: index.describe('Files that more than one layer wrote or removed.'),
  offenders: z.array(offenderSchema).describe('The biggest offenders, grouped by folder where the whole folder is wasted the same way; at most 20, biggest first.'),
});
export type Waste = z.infer<typeof wasteSchema>;

export const stageStatus = z.enum(['built', 'cached', 'skipped']);
export type StageStatus = z.infer<typeof stageStatus>;

export const stageSchema = z.object({
  index,
  name: z.string().optional().describe('As written after AS, lowercased (BuildKit compares names that way); absent for an unnamed stage.'),
  label: z.string().describe('How BuildKit names the stage in its log: the name, "stage-N" when unnamed, "" for a one-stage Dockerfile.'),
  base: z.string().describe('The FROM argument as written: an image ("node:18") or an earlier stage\'s name.'),
  baseStage: index.optional().describe('The earlier stage it starts from (FROM <stage>), if any.'),
  line: z.number().int().positive().describe('1-based line of its FROM.'),
  needed: z.boolean().describe('The built stage (final, or the --target) needs it: itself, its FROM stage, and what it copies or mounts from, recursively.'),
  status: stageStatus.describe(
    '`skipped`: BuildKit ran none of its steps (not needed, or the build stopped before); `cached`: every step came from the cache; `built`: at least one step ran.',
  ),
  steps: index.describe('Steps BuildKit reported for this stage in this build (FROM included).'),
  cachedSteps: index.describe('Of those, the ones taken from the cache.'),
});
export type Stage = z.infer<typeof stageSchema>;

export const stageEdgeSchema = z.object({
  from: index.describe('The stage that provides (its index).'),
  to: index.describe('The stage that uses it.'),
  kind: z.enum(['from', 'copy', 'mount']).describe('`from`: FROM <stage>; `copy`: COPY --from=<stage>; `mount`: RUN --mount=from=<stage>.'),
  line: z.number().int().positive().describe('1-based line of the instruction that makes the edge.'),
});
export type StageEdge = z.infer<typeof stageEdgeSchema>;

export const stageGraphSchema = z.object({
  stages: z.array(stageSchema),
  edges: z.array(stageEdgeSchema),
  final: index.describe('The stage whose result is the image: the last one, or the --target.'),
  target: z.string().optional().describe('The stage the build was asked to stop at (--target), when it was.'),
});
export type StageGraph = z.infer<typeof stageGraphSchema>;

export const analysisSummarySchema = z.object({
  imageSize: bytes.describe('Bytes, the engine\'s own figure (as the result message has it).'),
  layers: index.describe('Layers that hold files (history entries that are not empty).'),
  files: index.describe('Paths in the final image (folders included).'),
  wastedBytes: bytes,
  efficiency: z.number().min(0).max(1),
  topOffenders: z.array(offenderSchema.pick({ path: true, bytes: true })).max(3).describe('The three biggest offenders.'),
  stages: z.array(stageSchema.pick({ index: true, label: true, status: true })).describe('What BuildKit did with each stage.'),
  durationMs: z.number().nonnegative().describe('How long the analysis took.'),
});
export type AnalysisSummary = z.infer<typeof analysisSummarySchema>;

export const imageAnalysisSchema = z.object({
  version: z.literal(1),
  buildId: z.string(),
  lab: z.string(),
  file: z.string().describe('The editor file that was built.'),
  target: z.string().optional().describe('The stage the build stopped at (--target), when it did.'),
  at: z.number().int().describe('When the analysis was made, ms since the epoch.'),
  summary: analysisSummarySchema,
  layers: z.array(layerSchema).describe('Every history entry, oldest first; `changes.layer` indexes into this array.'),
  tree: z.array(fileNodeSchema).describe('Every path any layer touched, parents before children; index 0 is the root.'),
  waste: wasteSchema,
  stages: stageGraphSchema,
});
export type ImageAnalysis = z.infer<typeof imageAnalysisSchema>;

export const sizeRowSchema = z.object({
  path: z.string().describe('A top-level folder ("/usr") or a package ("/app/node_modules/express", "/usr/lib/gcc", "/root/.npm").'),
  a: bytes.describe('Bytes under it in the first image (0 when it has none).'),
  b: bytes.describe('Bytes under it in the second image.'),
  delta: z.number().int().describe('b - a.'),
});
export type SizeRow = z.infer<typeof sizeRowSchema>;

export const onlyInSchema = z.object({
  path: z.string().describe('The highest path that exists in one image and not the other.'),
  kind: fileKind,
  files: index.describe('Files (not folders) at or under it.'),
  bytes,
});
export type OnlyIn = z.infer<typeof onlyInSchema>;

const onlyInListSchema = z.object({
  total: z.object({ paths: index, files: index, bytes }).describe('Everything that is only in this image.'),
  paths: z.array(onlyInSchema).describe('The biggest of them, at most 200, biggest first.'),
});

const comparedBuildSchema = z.object({ buildId: z.string(), file: z.string(), imageSize: bytes });

export const imageComparisonSchema = z.object({
  a: comparedBuildSchema.describe('The first build (the baseline: deltas are b - a).'),
  b: comparedBuildSchema,
  byFolder: z.array(sizeRowSchema).describe('Every top-level folder of either image, biggest difference first.'),
  byPackage: z.array(sizeRowSchema).describe('Packages of either image (node_modules/<name>, /usr/lib/<x>, /root/.npm ...), biggest difference first; at most 200.'),
  onlyInA: onlyInListSchema,
  onlyInB: onlyInListSchema,
});
export type ImageComparison = z.infer<typeof imageComparisonSchema>;

export const sizeTargetSchema = z.object({
  maxBytes: bytes.optional().describe("From the lab's max-size checkpoints of this file: the smallest such limit."),
  relative: z
    .object({ of: z.string(), maxPercent: z.number().positive() })
    .optional()
    .describe("From a relative-size checkpoint: at most maxPercent% of the learner's latest build of `of`."),
});
export type SizeTarget = z.infer<typeof sizeTargetSchema>;

export const sizeHistoryEntrySchema = z.object({
  buildId: z.string(),
  at: z.number().int().describe('When the build finished, ms since the epoch.'),
  imageSize: bytes,
  target: z.string().optional().describe('Set for builds that stopped at a stage (--target): not comparable with the lab\'s target.'),
  wastedBytes: bytes.optional().describe('From the analysis, when it finished.'),
  efficiency: z.number().min(0).max(1).optional(),
});
export type SizeHistoryEntry = z.infer<typeof sizeHistoryEntrySchema>;

export const sizeHistorySchema = z.object({
  files: z.array(
    z.object({
      file: z.string().describe('An editor file of the lab that builds.'),
      label: z.string().describe('Its tab label ("Regular", "Multi-stage").'),
      target: sizeTargetSchema,
      builds: z.array(sizeHistoryEntrySchema).describe('Successful builds, oldest first (the newest 100 are kept).'),
    }),
  ),
});
export type SizeHistory = z.infer<typeof sizeHistorySchema>;
