// labs:verify in CI: every lab's solution passes every checkpoint and its starter gets exactly
// the verdicts the lab declares, on the real sandbox engine.
import { describe, expect, it } from 'vitest';
import { dockerFor } from '../../server/engine/engine-pool.ts';
import { config } from '../../server/config.ts';
import { loadLabs } from '../../server/labs/lab-registry.ts';
import { verifyLab, type VerifyReport } from '../../server/labs/verify-labs.ts';

const labs = await loadLabs(config.labsDir);
const docker = dockerFor(config.sandbox.endpoints[0]!);
const reports: VerifyReport[] = [];

describe('labs:verify', () => {
  for (const lab of labs.values()) {
    it(`${lab.id}: the solution passes everything, the starter fails what it should`, async () => {
      const report = await verifyLab(lab, docker, config);
      reports.push(report);
      console.log(
        `${lab.id}: ${report.rows.length} verdicts in ${(report.durationMs / 1000).toFixed(1)} s; ` +
          report.builds.map((b) => `${b.variant} ${b.file} ${b.imageSize ? `${(b.imageSize / 1e6).toFixed(1)} MB` : 'no image'} (checks ${b.checkMs} ms)`).join('; '),
      );
      expect(report.mismatches).toEqual([]);
      expect(report.rows.filter((r) => r.variant === 'solution').every((r) => r.got === 'pass')).toBe(true);
      // Every step asks the learner to do something: the starter fails at least one of its checkpoints.
      const failedOnStarter = new Set(report.rows.filter((r) => r.variant === 'starter' && r.got === 'fail').map((r) => r.step));
      expect(lab.definition.steps.map((s) => s.id).filter((step) => !failedOnStarter.has(step))).toEqual([]);
    });
  }

  it('saw every checkpoint kind both pass and fail on real images', () => {
    const kindOf = new Map<string, string>();
    for (const lab of labs.values()) {
      for (const step of lab.definition.steps) for (const c of step.checkpoints) kindOf.set(`${lab.id}/${step.id}/${c.id}`, c.kind);
    }
    const seen = new Map<string, Set<string>>();
    for (const report of reports) {
      for (const row of report.rows) {
        const kind = kindOf.get(`${report.lab}/${row.step}/${row.checkpoint}`)!;
        if (!seen.has(kind)) seen.set(kind, new Set());
        seen.get(kind)!.add(row.got);
      }
    }
    // "builds" failing is covered by checkpoints.test.ts (no lab starter fails to build).
    for (const [kind, verdicts] of seen) {
      expect([kind, [...verdicts].sort()]).toEqual([kind, kind === 'builds' ? ['pass'] : ['fail', 'pass']]);
    }
    expect([...seen.keys()].sort()).toEqual(
      ['binary-runs', 'builds', 'cache-mount', 'dockerignore-excludes', 'final-base', 'http', 'lint-clean', 'max-size', 'no-dev-dependencies', 'non-root', 'path-absent', 'path-owner', 'path-present', 'relative-size', 'stage-from', 'stage-skipped', 'stages'].sort(),
    );
  });
});
