// `npm run labs:verify`: builds each lab's starter and solution on a sandbox engine and checks
// that the solution passes every checkpoint and the starter gets exactly the verdicts the lab
// declares (`starter: 'pass' | 'fail'` on each checkpoint).
import crypto from 'node:crypto';
import type Docker from 'dockerode';
import type { Config } from '../config.ts';
import { checkBuild } from '../checkpoints/check-build.ts';
import { removeImage, runLabBuild } from '../builds/lab-build.ts';
import type { Lab } from './lab-registry.ts';
import type { TraceStep } from '../../shared/image-analysis/stage-graph.ts';

export type Variant = 'starter' | 'solution';

export interface VerifyRow {
  variant: Variant;
  /** The editor file whose build this verdict is on. */
  file: string;
  step: string;
  checkpoint: string;
  expected: 'pass' | 'fail';
  /** `skipped` (a checkpoint the build could not answer) never matches what a lab declares. */
  got: 'pass' | 'fail' | 'skipped';
  found: string;
  /** How long this checkpoint took to check. */
  ms: number;
}

export interface VerifyReport {
  lab: string;
  rows: VerifyRow[];
  /** Per build: its time, and its checks' (of which `imageMs` reading the image before the first checkpoint). */
  builds: Array<{ variant: Variant; file: string; ok: boolean; imageSize?: number; buildMs: number; checkMs: number; imageMs: number }>;
  mismatches: VerifyRow[];
  durationMs: number;
}

/** Files whose builds are baselines of relative-size checkpoints build first. */
function buildOrder(lab: Lab): string[] {
  const buildable = lab.definition.editors.filter((e) => e.buildable).map((e) => e.file);
  const baselines = new Set(lab.definition.steps.flatMap((s) => s.checkpoints.flatMap((c) => (c.kind === 'relative-size' ? [c.of] : []))));
  return [...buildable.filter((f) => baselines.has(f)), ...buildable.filter((f) => !baselines.has(f))];
}

export async function verifyLab(lab: Lab, docker: Docker, settings: Pick<Config, 'limits' | 'sandbox' | 'infra'>): Promise<VerifyReport> {
  const started = Date.now();
  const report: VerifyReport = { lab: lab.id, rows: [], builds: [], mismatches: [], durationMs: 0 };
  for (const variant of ['solution', 'starter'] as const) {
    const texts = variant === 'solution' ? lab.solutions : lab.starters;
    const sizes: Record<string, number> = {};
    for (const file of buildOrder(lab)) {
      if (!lab.definition.steps.some((s) => s.file === file)) continue;
      const files: Record<string, string> & { Dockerfile: string } = { Dockerfile: texts[file]! };
      if (texts['.dockerignore'] !== undefined) files['.dockerignore'] = texts['.dockerignore'];
      const buildId = crypto.randomUUID();
      const buildStarted = Date.now();
      const steps: TraceStep[] = [];
      const outcome = await runLabBuild(docker, { lab, buildId, learner: `verify-${lab.id}`, files, signal: new AbortController().signal }, settings, (event) => {
        if (event.type === 'step') steps.push({ id: event.id, name: event.name, status: event.status });
      });
      const buildMs = Date.now() - buildStarted;
      const checkStarted = Date.now();
      let imageMs = 0;
      try {
        const checked = await checkBuild(docker, {
          lab,
          file,
          dockerfile: files.Dockerfile,
          files,
          buildId,
          outcome: outcome.outcome === 'success' ? { ok: true, imageId: outcome.imageId } : { ok: false, failure: outcome.outcome === 'failed' ? outcome.message : outcome.outcome },
          otherSizes: sizes,
          steps,
        }, AbortSignal.timeout(settings.limits.checkSeconds * 1000));
        if (checked.error !== undefined) throw checked.error;
        imageMs = checked.timings?.imageMs ?? 0;
        for (const { step, checkpoints } of checked.steps) {
          const definition = lab.definition.steps.find((s) => s.id === step)!;
          for (const verdict of checkpoints) {
            const declared = definition.checkpoints.find((c) => c.id === verdict.id)!;
            const expected = variant === 'solution' ? 'pass' : declared.starter;
            const ms = checked.timings?.checkpointMs[`${step}/${verdict.id}`] ?? 0;
            report.rows.push({ variant, file, step, checkpoint: verdict.id, expected, got: verdict.status, found: verdict.found, ms });
          }
        }
      } finally {
        if (outcome.outcome === 'success') {
          sizes[file] = outcome.imageSize;
          await removeImage(docker, outcome.imageId);
        }
      }
      report.builds.push({
        variant,
        file,
        ok: outcome.outcome === 'success',
        ...(outcome.outcome === 'success' && { imageSize: outcome.imageSize }),
        buildMs,
        checkMs: Date.now() - checkStarted,
        imageMs,
      });
    }
  }
  report.mismatches = report.rows.filter((r) => r.expected !== r.got);
  report.durationMs = Date.now() - started;
  return report;
}
