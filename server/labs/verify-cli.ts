// Command line of labs:verify: `npm run labs:verify [-- lab ...]`. Prints every build and every
// verdict on it, with their times; exits 1 when any verdict differs from what the lab declares.
import { dockerFor, pingEngine } from '../engine/engine-pool.ts';
import { config } from '../config.ts';
import { loadLabs } from './lab-registry.ts';
import { verifyLab } from './verify-labs.ts';

const wanted = process.argv.slice(2);
const labs = await loadLabs(config.labsDir);
for (const id of wanted.filter((w) => !labs.has(w))) {
  console.error(`labs:verify: no lab "${id}" (labs: ${[...labs.keys()].join(', ')})`);
  process.exit(2);
}
const endpoint = config.sandbox.endpoints[0]!;
const docker = dockerFor(endpoint);
if (!(await pingEngine(docker, 3000))) {
  console.error(`The sandbox engine at ${endpoint} does not answer. Prepare it first: npm run prepare:infra`);
  process.exit(1);
}
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
let failed = 0;
const started = Date.now();
for (const lab of labs.values()) {
  if (wanted.length > 0 && !wanted.includes(lab.id)) continue;
  const report = await verifyLab(lab, docker, config);
  console.log(`\n${lab.id} (${seconds(report.durationMs)})`);
  // Each build, then the verdicts on it: what each was, what the lab declares, how long it took.
  for (const b of report.builds) {
    const size = b.imageSize !== undefined ? `${(b.imageSize / 1e6).toFixed(1)} MB` : 'no image';
    console.log(`  ${b.variant.padEnd(8)} ${b.file.padEnd(20)} ${size.padStart(9)}  build ${seconds(b.buildMs)}, checks ${seconds(b.checkMs)} (reading the image ${seconds(b.imageMs)})`);
    for (const row of report.rows.filter((r) => r.variant === b.variant && r.file === b.file)) {
      const mark = row.expected === row.got ? 'ok  ' : 'FAIL';
      console.log(`    ${mark} ${row.variant.padEnd(8)} ${`${row.step}/${row.checkpoint}`.padEnd(36)} ${row.got.padEnd(4)} (want ${row.expected}) ${`${Math.round(row.ms)} ms`.padStart(8)}  ${row.found}`);
    }
  }
  failed += report.mismatches.length;
}
console.log(`\nlabs:verify: ${failed === 0 ? 'every verdict as declared' : `${failed} verdicts differ from the lab definitions`} (${seconds(Date.now() - started)})`);
process.exit(failed === 0 ? 0 : 1);
