// Which CPUs each sandbox engine may run on. BuildKit ignores CPU limits on build steps, so the
// engine container's own cgroup is what holds a step back; a quota alone (--cpus) still lets a
// fork bomb or a busy loop on one engine take time from the build next door whenever both want
// the same core. Pinned to cores of their own, engines cannot slow each other down by CPU.

/**
 * The `--cpuset-cpus` of engine `index` of `engines` on a machine with `cores`: an equal share
 * of whole cores each (several engines share a core only when there are more engines than
 * cores). Undefined for a single engine: it may use every core.
 */
export function engineCpuset(index: number, engines: number, cores: number): string | undefined {
  if (engines < 2 || cores < 2) return undefined;
  const each = Math.max(1, Math.floor(cores / engines));
  const first = (index * each) % cores;
  return each === 1 ? String(first) : `${first}-${first + each - 1}`;
}
