// Integration and end-to-end tests need the real sandbox engine and npm mirror; fail at once,
// with the fix, when they are not there (rather than 30 timeouts later).
import { dockerFor, pingEngine } from '../../server/engine/engine-pool.ts';
import { config } from '../../server/config.ts';
import { mirrorUrl } from '../../server/infra/mirror.ts';

export default async function requireSandbox(): Promise<void> {
  const fix = 'Prepare it first: npm run prepare:infra (or scripts/lab.sh test, which does everything).';
  for (const endpoint of config.sandbox.endpoints) {
    if (!(await pingEngine(dockerFor(endpoint), 3000))) throw new Error(`The sandbox engine at ${endpoint} does not answer. ${fix}`);
  }
  const mirror = await fetch(`${mirrorUrl}-/ping`, { signal: AbortSignal.timeout(3000) }).catch(() => undefined);
  if (!mirror?.ok) throw new Error(`The npm mirror at ${mirrorUrl} does not answer. ${fix}`);
}
