// The multi-stage rules: what Dockerfile syntax checkers accept but the chapter teaches
// against. One implementation for the editor (as you type) and the server (before a build,
// and the lint-clean checkpoint). Built on dockerfile-ast; no Node APIs, so it runs in the page.
import { DockerfileParser, type Copy, type From, type Instruction } from 'dockerfile-ast';
import { normalizeImage } from '../dockerfile-facts.ts';
import type { LintDiagnostic, LintFix, LintRange, Severity } from './lint-types.ts';

const lesson = (page: string, anchor: string) => `/chapter-17/${page}/#${anchor}`;

/** Every rule, with its id, severity and the lesson section that explains it. */
export const RULES = {
  'copy-from-unknown-stage': { severity: 'error', docs: lesson('how-it-works', 'copy---from-takes-files-from-another-stage') },
  'copy-from-later-stage': { severity: 'error', docs: lesson('how-it-works', 'copy---from-takes-files-from-another-stage') },
  'final-same-base': { severity: 'warning', docs: lesson('best-practices', 'start-the-final-stage-from-a-small-base') },
  'dev-dependencies-in-final': { severity: 'warning', docs: lesson('best-practices', 'copy-only-what-runs-once') },
  'copies-node-modules-twice': { severity: 'warning', docs: lesson('best-practices', 'copy-only-what-runs-once') },
  'unused-stage': { severity: 'warning', docs: lesson('how-it-works', 'the-engine-builds-only-what-it-needs') },
  'runs-as-root': { severity: 'warning', docs: lesson('best-practices', 'run-as-an-unprivileged-user') },
  'unpinned-base': { severity: 'warning', docs: lesson('go-example', 'also-pin-your-bases') },
  'secret-in-env': { severity: 'warning', docs: lesson('best-practices', 'keep-the-build-context-clean-with-dockerignore') },
  'shell-form-command': { severity: 'warning', docs: lesson('best-practices', 'run-as-an-unprivileged-user') },
  'relative-workdir': { severity: 'warning', docs: lesson('how-it-works', 'every-from-starts-a-stage') },
  'go-cgo-on-musl': { severity: 'warning', docs: lesson('go-example', 'the-trap-cgo-and-alpine') },
} as const satisfies Record<string, { severity: Severity; docs: string }>;

export type RuleId = keyof typeof RULES;

interface Stage {
  index: number;
  name: string | undefined;
  from: From;
  /** Instructions after FROM, up to the next FROM. */
  instructions: Instruction[];
  /** The image it really starts from, through stage names; undefined for scratch. */
  base: string | undefined;
  /** The earlier stage it starts from, if any. */
  parent: number | undefined;
}

const DEV_INSTALL = /\b(npm\s+(ci|install|i)|yarn(\s+install)?|pnpm\s+(install|i))\b/;
const PROD_ONLY = /--omit[= ]dev|--production|--only[= ]prod|--prod\b|NODE_ENV=production/;
const PRUNED = /npm\s+prune\b.*(--omit[= ]dev|--production)/;
const SECRET_NAME = /(passw(or)?d|secret|token|api[_-]?key|private[_-]?key|credential)/i;
const MUSL_BASE = /^(alpine|busybox|scratch)(:|$)|-alpine(\d|\.|$)/;

function stagesOf(text: string): Stage[] {
  const dockerfile = DockerfileParser.parse(text);
  const froms = dockerfile.getFROMs();
  const instructions = dockerfile.getInstructions();
  const stages: Stage[] = [];
  froms.forEach((from, index) => {
    const line = from.getRange().start.line;
    const next = froms[index + 1]?.getRange().start.line ?? Number.POSITIVE_INFINITY;
    const image = (from.getImage() ?? '').toLowerCase();
    const parent = stages.find((s) => s.name === image)?.index;
    stages.push({
      index,
      name: from.getBuildStage()?.toLowerCase() ?? undefined,
      from,
      instructions: instructions.filter((i) => i.getRange().start.line > line && i.getRange().start.line < next),
      base: parent !== undefined ? stages[parent]!.base : image === 'scratch' ? undefined : normalizeImage(image),
      parent,
    });
  });
  return stages;
}

const copyFrom = (copy: Copy) => copy.getFlags().find((f) => f.getName().toLowerCase() === 'from');
const copies = (stage: Stage) => stage.instructions.filter((i): i is Copy => i.getKeyword() === 'COPY');
const runs = (stage: Stage) => stage.instructions.filter((i) => i.getKeyword() === 'RUN');
const text = (i: Instruction) => i.getRawArgumentsContent() ?? '';
/** COPY/ADD source arguments (all but the destination), flags excluded. */
const sources = (copy: Copy) => copy.getArguments().slice(0, -1).map((a) => a.getValue()).filter((v) => !v.startsWith('--'));

/** The stage a --from value names, by name or number, or undefined for an image or unknown. */
function stageIndex(stages: Stage[], value: string): number | undefined {
  if (/^\d+$/.test(value)) return Number(value) < stages.length ? Number(value) : undefined;
  return stages.find((s) => s.name === value.toLowerCase())?.index;
}

/** Looks like an image reference (`nginx:1.27`, `ghcr.io/x/y`) rather than a stage name. */
const isImageRef = (value: string) => /[:/@.]/.test(value);

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

function wholeLine(instruction: Instruction): LintRange {
  const { start, end } = instruction.getRange();
  return { start: { line: start.line, character: 0 }, end: { line: end.line + 1, character: 0 } };
}

export function lintDockerfile(source: string): LintDiagnostic[] {
  const stages = stagesOf(source);
  const out: LintDiagnostic[] = [];
  const report = (rule: RuleId, range: LintRange, message: string, fix?: LintFix) =>
    out.push({ rule, severity: RULES[rule].severity, message, range, docs: RULES[rule].docs, ...(fix && { fix }) });
  if (stages.length === 0) return out;
  const final = stages.at(-1)!;

  // Which stages the final image needs: its FROM parent and COPY --from sources, recursively.
  const used = new Set<number>([final.index]);
  const visit = (stage: Stage) => {
    const needs = [stage.parent, ...copies(stage).map((c) => stageIndex(stages, copyFrom(c)?.getValue() ?? ''))];
    for (const index of needs) {
      if (index !== undefined && index < stage.index && !used.has(index)) {
        used.add(index);
        visit(stages[index]!);
      }
    }
  };
  visit(final);

  for (const stage of stages) {
    const earlier = stages.filter((s) => s.index < stage.index && s.name).map((s) => s.name!);
    for (const copy of copies(stage)) {
      const flag = copyFrom(copy);
      const value = flag?.getValue();
      const valueRange = flag?.getValueRange();
      if (!flag || !value || !valueRange) continue;
      const index = stageIndex(stages, value);
      if (index === undefined) {
        if (isImageRef(value)) continue;
        const guess = earlier.map((name) => ({ name, d: editDistance(name, value.toLowerCase()) })).sort((a, b) => a.d - b.d)[0];
        const close = guess && guess.d <= Math.max(2, Math.ceil(guess.name.length / 2)) ? guess.name : undefined;
        report(
          'copy-from-unknown-stage',
          valueRange,
          `COPY --from=${value} names no stage.${earlier.length > 0 ? ` Stages before this one: ${earlier.join(', ')}.` : ' No stage comes before this one.'}${close ? ` Did you mean "${close}"?` : ''}`,
          close ? { title: `Change to --from=${close}`, edits: [{ range: valueRange, text: close }] } : undefined,
        );
      } else if (index >= stage.index) {
        report(
          'copy-from-later-stage',
          valueRange,
          index === stage.index
            ? `COPY --from=${value} copies from the stage it is in: --from takes files from an earlier stage.`
            : `COPY --from=${value} names a later stage: a stage can only copy from stages above it. Move "${value}" before this one.`,
        );
      }
    }

    if (!used.has(stage.index)) {
      report(
        'unused-stage',
        stage.from.getRange(),
        `Stage ${stage.name ? `"${stage.name}"` : stage.index} is not used by the final image: BuildKit skips it, so its steps never run. Copy from it with COPY --from, or build it on its own with --target.`,
      );
    }

    for (const workdir of stage.instructions.filter((i) => i.getKeyword() === 'WORKDIR')) {
      const arg = workdir.getArguments()[0];
      if (arg && !arg.getValue().startsWith('/') && !arg.getValue().startsWith('$')) {
        report('relative-workdir', arg.getRange(), `WORKDIR ${arg.getValue()} is relative to the previous working folder. Use an absolute path such as /${arg.getValue()}.`, {
          title: `Change to /${arg.getValue()}`,
          edits: [{ range: arg.getRange(), text: `/${arg.getValue()}` }],
        });
      }
    }

    for (const property of stage.instructions.flatMap((i) => (i.getKeyword() === 'ENV' || i.getKeyword() === 'ARG' ? ((i as unknown as { getProperties(): import('dockerfile-ast').Property[] }).getProperties?.() ?? []) : []))) {
      if (SECRET_NAME.test(property.getName()) && property.getValue()) {
        report(
          'secret-in-env',
          property.getNameRange(),
          `${property.getName()} is stored in the image: anyone who pulls it can read it (docker history, docker inspect). Pass secrets at run time, or with RUN --mount=type=secret while building.`,
        );
      }
    }

    const ranGoBuild = runs(stage).filter((r) => /\bgo\s+build\b/.test(text(r)) && !/CGO_ENABLED=0/.test(text(r)));
    const cgoOffInStage = stage.instructions.some((i) => i.getKeyword() === 'ENV' && /CGO_ENABLED=?\s*0/.test(text(i)));
    const copiedIntoMusl = final.index !== stage.index && copies(final).some((c) => stageIndex(stages, copyFrom(c)?.getValue() ?? '') === stage.index);
    if (!cgoOffInStage && copiedIntoMusl && final.base !== undefined && MUSL_BASE.test(final.base)) {
      for (const run of ranGoBuild) {
        const content = text(run);
        const at = content.search(/\bgo\s+build\b/);
        const range = run.getArgumentsRange()!;
        const insertAt = { line: range.start.line, character: range.start.character + at };
        report(
          'go-cgo-on-musl',
          range,
          `This go build uses cgo (on by default in golang images), so the binary needs glibc, which ${final.base} does not have: it fails with "exec …: no such file or directory". Build it with CGO_ENABLED=0.`,
          at >= 0 && !content.slice(0, at).includes('\n') ? { title: 'Build with CGO_ENABLED=0', edits: [{ range: { start: insertAt, end: insertAt }, text: 'CGO_ENABLED=0 ' }] } : undefined,
        );
      }
    }
  }

  // Rules about the final stage.
  if (stages.length > 1 && final.base !== undefined) {
    const builderBase = stages.slice(0, -1).find((s) => s.base === final.base);
    if (builderBase) {
      report(
        'final-same-base',
        final.from.getImageRange() ?? final.from.getRange(),
        `The final stage starts from ${final.base}, the same image as the builder: the multi-stage build saves nothing. Start it from a smaller image (for Node, node:18-alpine) and copy in only what runs.`,
      );
    }
  }

  const omitsDev = (stage: Stage, before: number) =>
    stage.instructions.some((i) => i.getRange().start.line < before && i.getKeyword() === 'ENV' && /NODE_ENV=?\s*production/.test(text(i)));
  for (const run of runs(final)) {
    const content = text(run);
    const match = DEV_INSTALL.exec(content);
    if (match && !PROD_ONLY.test(content) && !omitsDev(final, run.getRange().start.line)) {
      const range = run.getArgumentsRange()!;
      const endOfCommand = { line: range.start.line, character: range.start.character + match.index + match[0].length };
      report(
        'dev-dependencies-in-final',
        range,
        `${match[0]} installs the devDependencies too, into the image you ship. Install production dependencies only: npm ci --omit=dev.`,
        /^npm\s+(ci|install|i)$/.test(match[0]) && !content.slice(0, match.index).includes('\n')
          ? { title: 'Add --omit=dev', edits: [{ range: { start: endOfCommand, end: endOfCommand }, text: ' --omit=dev' }] }
          : undefined,
      );
    }
  }
  for (const copy of copies(final)) {
    const from = stageIndex(stages, copyFrom(copy)?.getValue() ?? '');
    if (from === undefined || from >= final.index || !sources(copy).some((s) => /node_modules\/?$/.test(s))) continue;
    const builder = stages[from]!;
    const installs = runs(builder).filter((r) => DEV_INSTALL.test(text(r)));
    const devInstalled = installs.some((r) => !PROD_ONLY.test(text(r))) && !runs(builder).some((r) => PRUNED.test(text(r)));
    if (devInstalled) {
      report(
        'dev-dependencies-in-final',
        copy.getRange(),
        `This copies ${builder.name ?? `stage ${from}`}'s node_modules, where npm installed the devDependencies too. Add RUN npm prune --omit=dev in that stage after the build, or install with npm ci --omit=dev.`,
      );
    }
  }

  // COPY --from=S /app . followed by COPY --from=S /app/node_modules ...: node_modules twice.
  const wholeCopies: Array<{ from: number; source: string }> = [];
  for (const copy of copies(final)) {
    const from = stageIndex(stages, copyFrom(copy)?.getValue() ?? '');
    if (from === undefined) continue;
    for (const source of sources(copy)) {
      const dir = source.replace(/\/+$/, '');
      const twice = wholeCopies.find((w) => w.from === from && (dir === `${w.source}/node_modules` || (w.source === '.' && dir === 'node_modules')));
      if (twice) {
        report(
          'copies-node-modules-twice',
          copy.getRange(),
          `node_modules already came with COPY --from=${copyFrom(copy)?.getValue()} ${twice.source}: this copies it again, into a second layer. Copy only what runs, each thing once.`,
          { title: 'Remove this COPY', edits: [{ range: wholeLine(copy), text: '' }] },
        );
      } else if (!/node_modules/.test(dir)) {
        wholeCopies.push({ from, source: dir });
      }
    }
  }

  if (!final.instructions.some((i) => i.getKeyword() === 'USER')) {
    const user = /node/.test(final.base ?? '') ? 'node' : 'nobody';
    const command = final.instructions.find((i) => i.getKeyword() === 'CMD' || i.getKeyword() === 'ENTRYPOINT');
    const at = command ? { line: command.getRange().start.line, character: 0 } : { line: (final.instructions.at(-1) ?? final.from).getRange().end.line + 1, character: 0 };
    report(
      'runs-as-root',
      final.from.getRange(),
      `The final image runs as root. Add USER ${user} so a compromised process is not root in the container.`,
      { title: `Add USER ${user}`, edits: [{ range: { start: at, end: at }, text: `USER ${user}\n` }] },
    );
  }

  for (const stage of stages) {
    const image = stage.from.getImage();
    if (stage.parent !== undefined || !image || image.toLowerCase() === 'scratch' || stage.from.getImageDigest()) continue;
    const tag = stage.from.getImageTag();
    if (!tag || tag === 'latest') {
      report(
        'unpinned-base',
        stage.from.getImageRange()!,
        `${image}${tag ? '' : ' (that is, :latest)'} changes under you: the same Dockerfile builds a different image next month. Pin a version, such as ${stage.from.getImageName()}:3 for alpine.`,
      );
    }
  }

  for (const command of final.instructions.filter((i) => i.getKeyword() === 'CMD' || i.getKeyword() === 'ENTRYPOINT')) {
    const json = (command as unknown as { getOpeningBracket(): unknown }).getOpeningBracket();
    if (json) continue;
    const words = command.getArguments().map((a) => a.getValue());
    const simple = words.length > 0 && words.every((w) => /^[\w./:=@%+-]+$/.test(w));
    report(
      'shell-form-command',
      command.getRange(),
      `${command.getKeyword()} in shell form runs under /bin/sh -c, which does not pass on signals: docker stop waits 10 s, then kills it. Use the JSON form.`,
      simple ? { title: 'Use the JSON form', edits: [{ range: command.getArgumentsRange()!, text: JSON.stringify(words).replace(/","/g, '", "') }] } : undefined,
    );
  }

  return out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}
