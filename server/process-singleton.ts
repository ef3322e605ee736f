// One instance per process of a service, even when its module is loaded twice: Astro bundles
// server modules into its SSR output, so production imports each of them once from source
// (server/main.ts) and once from the bundle (on-demand routes). The instance lives on
// globalThis under a registered symbol, which both copies see.

export function processSingleton<T>(name: string, create: () => T): T {
  const key = Symbol.for(`multistage-lab:${name}`);
  const slots = globalThis as unknown as Record<symbol, T | undefined>;
  if (!(key in slots)) slots[key] = create();
  return slots[key] as T;
}
