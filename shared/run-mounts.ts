// `RUN --mount=...` flags, read the way BuildKit reads them: comma-separated key=value
// options, keys case-insensitive, the last of a repeated key wins, `type` bind unless said otherwise, a cache mount's id its
// target path unless given. The lint refuses some mounts; the server scopes cache mounts to
// the learner (server/builds/dockerfile-rewrite.ts). Both must see what BuildKit will see, so
// options written in a way this reading could get wrong (quotes, variables, escapes, a line
// break inside) are not read at all: `options` is undefined and the lint refuses the mount.
import { ModifiableInstruction, type Flag, type Instruction } from 'dockerfile-ast';

export interface RunMount {
  flag: Flag;
  /** Lowercased keys; a bare option such as `ro` has no value. Undefined when not plain. */
  options: ReadonlyMap<string, string | undefined> | undefined;
  /** bind, cache, tmpfs, secret, ssh (lowercased); undefined when the options are not plain. */
  type: string | undefined;
}

/** Characters that would make BuildKit's CSV reading or variable expansion differ from ours. */
const NOT_PLAIN = /["'$\\\s`]/;

export function parseMountOptions(value: string): Map<string, string | undefined> | undefined {
  if (NOT_PLAIN.test(value)) return undefined;
  const options = new Map<string, string | undefined>();
  for (const field of value.split(',')) {
    if (field === '') continue;
    const equals = field.indexOf('=');
    const key = (equals < 0 ? field : field.slice(0, equals)).toLowerCase();
    options.delete(key); // the last one wins, in the last one's place
    options.set(key, equals < 0 ? undefined : field.slice(equals + 1));
  }
  return options;
}

/** The options written back, as parseMountOptions read them. */
export const formatMountOptions = (options: ReadonlyMap<string, string | undefined>): string =>
  [...options].map(([key, value]) => (value === undefined ? key : `${key}=${value}`)).join(',');

/** The flags of a RUN instruction named name (`mount`, `network`, `security`). */
export const runFlags = (run: Instruction, name: string): Flag[] =>
  run instanceof ModifiableInstruction ? run.getFlags().filter((f) => f.getName().toLowerCase() === name) : [];

export function runMounts(run: Instruction): RunMount[] {
  return runFlags(run, 'mount').map((flag) => {
    const range = flag.getValueRange();
    // A value continued over a line break reads differently to BuildKit (it keeps the indent).
    const options = range && range.start.line === range.end.line ? parseMountOptions(flag.getValue() ?? '') : undefined;
    return { flag, options, type: options && (options.get('type') || 'bind').toLowerCase() };
  });
}
