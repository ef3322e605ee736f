// Turns one checkpoint plus the facts of a build into a verdict with "expected" and "found"
// written for the learner. Pure apart from what ImageFacts does.
import { Dockerignore } from '../../shared/dockerignore.ts';
import { lintDockerfile } from '../../shared/lint/dockerfile-lint.ts';
import type { LintDiagnostic } from '../../shared/lint/lint-types.ts';
import type { Checkpoint, Verdict } from '../../shared/checkpoint-schema.ts';
import { normalizeImage, type DockerfileFacts } from '../../shared/dockerfile-facts.ts';
import type { Waste } from '../../shared/image-analysis/schema.ts';
import { stageGraph, type TraceStep } from '../../shared/image-analysis/stage-graph.ts';
import { modelOf } from '../../shared/lint/dockerfile-model.ts';
import { runMounts } from '../../shared/run-mounts.ts';
import type { ImageFacts } from './image-facts.ts';

export interface BuildFacts {
  ok: boolean;
  /** The Dockerfile as built. */
  dockerfileText: string;
  /** Its lint findings when already known (the server lints off the event loop before building). */
  lint?: readonly LintDiagnostic[];
  /** Why the build failed, when it did. */
  failure?: string;
  dockerfile: DockerfileFacts;
  /** Present when the build produced an image. */
  image?: ImageFacts;
  /** The learner's latest successful build size per editor file (for relative-size). */
  otherSizes: Readonly<Record<string, number>>;
  /** Text of the learner's files that are not Dockerfiles (.dockerignore). */
  files: Readonly<Record<string, string>>;
  /** The lab's app files, for package.json. */
  contextFile(name: string): string | undefined;
  /** The stage the build stopped at (--target): its image is not the Dockerfile's. */
  target?: string;
  /** Wasted space in the image, when its analysis finished (server/image-analysis). */
  waste?: Waste;
  /** What BuildKit did in this build, step by step (the trace): which stages ran. */
  steps?: readonly TraceStep[];
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const verdict = (id: string, pass: boolean, expected: string, found: string): Verdict => ({ id, status: pass ? 'pass' : 'fail', expected, found });
const skipped = (id: string, expected: string, found: string): Verdict => ({ id, status: 'skipped', expected, found });
const percent = (fraction: number) => `${(fraction * 100).toFixed(1)}%`;
const isRoot = (user: string) => ['', 'root', '0'].includes(user.split(':')[0]!.trim());

export async function evaluate(checkpoint: Checkpoint, facts: BuildFacts): Promise<Verdict> {
  const { id } = checkpoint;
  switch (checkpoint.kind) {
    case 'stages':
      return verdict(id, facts.dockerfile.stages >= checkpoint.min, `at least ${checkpoint.min} stages (FROM lines)`, `${facts.dockerfile.stages}`);
    case 'final-base': {
      const allowed = checkpoint.allowed.map(normalizeImage);
      const base = facts.dockerfile.finalBase;
      return verdict(id, base !== undefined && allowed.includes(normalizeImage(base)), `the final stage FROM ${checkpoint.allowed.join(' or ')}`, base ? `FROM ${base}` : 'no FROM');
    }
    case 'lint-clean': {
      const rank = { info: 0, warning: 1, error: 2 } as const;
      const found = (facts.lint ?? lintDockerfile(facts.dockerfileText)).filter((d) => rank[d.severity] >= rank[checkpoint.severity]);
      const list = found.map((d) => `line ${d.range.start.line + 1}: ${d.rule}`).join(', ');
      return verdict(id, found.length === 0, `no ${checkpoint.severity === 'error' ? 'errors' : `${checkpoint.severity}s or worse`} from the editor's rules`, found.length === 0 ? 'none' : list);
    }
    case 'stage-from': {
      const stages = modelOf(facts.dockerfileText)?.stages ?? [];
      const stage = stages.find((s) => s.name === checkpoint.stage.toLowerCase());
      const parent = stage?.parent !== undefined ? stages[stage.parent] : undefined;
      const expected = `a stage "${checkpoint.stage}" that starts FROM ${checkpoint.from}`;
      if (!stage) return verdict(id, false, expected, `no stage named "${checkpoint.stage}" (name one with FROM … AS ${checkpoint.stage})`);
      return verdict(id, parent?.name === checkpoint.from.toLowerCase(), expected, `FROM ${stage.written?.image ?? '?'} AS ${checkpoint.stage}`);
    }
    case 'cache-mount': {
      const model = modelOf(facts.dockerfileText);
      const targets = (model?.stages ?? []).flatMap((stage) =>
        stage.instructions.filter((i) => i.getKeyword() === 'RUN').flatMap((run) => runMounts(run).filter((m) => m.type === 'cache').map((m) => m.options?.get('target') ?? m.options?.get('dst') ?? m.options?.get('destination') ?? '')),
      );
      const at = (target: string) => target.replace(/\/+$/, '') === checkpoint.target.replace(/\/+$/, '');
      return verdict(id, targets.some(at), `RUN --mount=type=cache,target=${checkpoint.target}`, targets.length === 0 ? 'no cache mount' : `cache mounts at ${[...new Set(targets)].join(', ')}`);
    }
    case 'dockerignore-excludes': {
      const text = facts.files['.dockerignore'] ?? '';
      const ignore = new Dockerignore(text);
      const kept = checkpoint.paths.filter((p) => !ignore.ignores(p));
      return verdict(id, kept.length === 0, `.dockerignore excludes ${checkpoint.paths.join(', ')}`, kept.length === 0 ? 'all excluded' : `still sent to the engine: ${kept.join(', ')}`);
    }
  }
  // Every other kind looks at the build's outcome or its image: a build that stopped at a stage has neither.
  if (facts.target !== undefined) {
    return skipped(id, checkpoint.title, `not checked: this build stopped at stage "${facts.target}"; build the whole Dockerfile to check it`);
  }
  if (checkpoint.kind === 'builds') return verdict(id, facts.ok, 'the build succeeds', facts.ok ? 'it built' : `it failed: ${facts.failure ?? 'see the log'}`);
  const image = facts.image;
  if (!facts.ok || !image) return verdict(id, false, checkpoint.title, 'no image: the build did not succeed');
  switch (checkpoint.kind) {
    case 'max-size':
      return verdict(id, image.size <= checkpoint.mb * 1e6, `at most ${checkpoint.mb} MB`, mb(image.size));
    case 'relative-size': {
      const baseline = facts.otherSizes[checkpoint.of];
      const expected = `at most ${checkpoint.maxPercent}% of your ${checkpoint.of} image`;
      if (baseline === undefined) return verdict(id, false, expected, `no successful build of ${checkpoint.of} yet: build it first`);
      const percent = (image.size / baseline) * 100;
      return verdict(id, percent <= checkpoint.maxPercent, expected, `${percent.toFixed(0)}% (${mb(image.size)} of ${mb(baseline)})`);
    }
    case 'path-absent': {
      const paths = [checkpoint.path, ...checkpoint.alsoAt];
      let found: string | undefined;
      for (const path of paths) if (!found && (await image.pathExists(path))) found = path;
      return verdict(id, !found, `no ${paths.join(' nor ')} in the image`, found ? `${found} is there` : 'absent');
    }
    case 'path-present': {
      const exists = await image.pathExists(checkpoint.path);
      return verdict(id, exists, `${checkpoint.path} in the image`, exists ? 'present' : `no ${checkpoint.path}`);
    }
    case 'path-owner': {
      const want = checkpoint.mode !== undefined ? Number.parseInt(checkpoint.mode, 8) : undefined;
      const octal = (mode: number) => `0${mode.toString(8).padStart(3, '0')}`;
      const expected = `${checkpoint.path} owned by uid ${checkpoint.uid}${want !== undefined ? `, mode ${octal(want)}` : ''}`;
      const owner = await image.pathOwner(checkpoint.path);
      if (!owner) return verdict(id, false, expected, `no ${checkpoint.path}`);
      return verdict(id, owner.uid === checkpoint.uid && (want === undefined || owner.mode === want), expected, `owned by ${owner.uid}:${owner.gid}, mode ${octal(owner.mode)}`);
    }
    case 'no-dev-dependencies': {
      const devDependencies = devDependenciesOf(facts.contextFile(checkpoint.packageJson));
      const present: string[] = [];
      for (const name of devDependencies) {
        if (await image.pathExists(`${checkpoint.nodeModules}/${name}/package.json`)) present.push(name);
      }
      return verdict(id, present.length === 0, `none of ${devDependencies.join(', ') || '(no devDependencies)'} in ${checkpoint.nodeModules}`, present.length === 0 ? 'none installed' : `installed: ${present.join(', ')}`);
    }
    case 'max-wasted':
    case 'min-efficiency': {
      const expected = checkpoint.kind === 'max-wasted' ? `at most ${checkpoint.mb} MB of wasted space` : `an efficiency of at least ${checkpoint.percent}%`;
      const waste = facts.waste;
      if (!waste) return skipped(id, expected, 'not checked: the image could not be looked inside this time; build again');
      const pass = checkpoint.kind === 'max-wasted' ? waste.wastedBytes <= checkpoint.mb * 1e6 : waste.efficiency * 100 >= checkpoint.percent;
      const worst = waste.offenders.slice(0, 2).map((o) => `${o.path} (${mb(o.bytes)}, layers ${o.layers.join(', ')})`);
      return verdict(id, pass, expected, `${mb(waste.wastedBytes)} wasted, efficiency ${percent(waste.efficiency)}${worst.length > 0 ? `; most: ${worst.join(', ')}` : ''}`);
    }
    case 'stage-skipped': {
      const expected = `stage "${checkpoint.stage}" skipped: none of its steps ran`;
      const stage = stageGraph(facts.dockerfileText, { steps: facts.steps ?? [] })?.stages.find((s) => s.name === checkpoint.stage.toLowerCase());
      if (!stage) return verdict(id, false, expected, `no stage named "${checkpoint.stage}"`);
      if (!facts.steps) return skipped(id, expected, 'not checked: this build\'s steps were not recorded; build again');
      return verdict(id, stage.status === 'skipped', expected, stage.status === 'skipped' ? 'skipped' : `it ran: ${stage.steps} step${stage.steps === 1 ? '' : 's'}${stage.cachedSteps > 0 ? `, ${stage.cachedSteps} of them from the cache` : ''} (the final image needs it)`);
    }
    case 'non-root':
      return verdict(id, !isRoot(image.user), 'USER other than root in the final stage', isRoot(image.user) ? 'runs as root (no USER)' : `runs as ${image.user}`);
    case 'http': {
      const expected = `HTTP ${checkpoint.status} on port ${checkpoint.port}${checkpoint.path}${checkpoint.bodyContains ? ` with "${checkpoint.bodyContains}" in the body` : ''}`;
      const result = await image.probeHttp({ port: checkpoint.port, path: checkpoint.path, timeoutMs: checkpoint.timeoutSeconds * 1000 });
      if (!result.answered) return verdict(id, false, expected, `${result.reason}${result.logs ? `; container output: ${result.logs}` : ''}`);
      const bodyOk = checkpoint.bodyContains === undefined || result.body.includes(checkpoint.bodyContains);
      return verdict(id, result.status === checkpoint.status && bodyOk, expected, `HTTP ${result.status}: ${result.body.slice(0, 120).trim() || '(empty body)'}`);
    }
    case 'binary-runs': {
      const command = [checkpoint.path, ...checkpoint.args].join(' ');
      const expected = `"${command}" exits with ${checkpoint.exitCode}${checkpoint.outputContains ? ` and prints "${checkpoint.outputContains}"` : ''}`;
      const result = await image.runBinary(checkpoint.path, checkpoint.args, 10_000);
      if (!result.started) return verdict(id, false, expected, `it does not start: ${result.error}`);
      if (result.timedOut) return verdict(id, false, expected, 'still running after 10 s');
      const outputOk = checkpoint.outputContains === undefined || result.output.includes(checkpoint.outputContains);
      return verdict(id, result.exitCode === checkpoint.exitCode && outputOk, expected, `exit ${result.exitCode}: ${result.output.trim().slice(0, 160) || '(no output)'}`);
    }
  }
}

export function devDependenciesOf(packageJson: string | undefined): string[] {
  if (!packageJson) return [];
  try {
    const parsed = JSON.parse(packageJson) as { devDependencies?: Record<string, string> };
    return Object.keys(parsed.devDependencies ?? {});
  } catch {
    return [];
  }
}
