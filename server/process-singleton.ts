// One instance per process of a service, even when its module is loaded twice: under `astro
// dev`, the build socket (dev-integration.ts) imports server modules natively and Vite's module
// runner loads them once more for the on-demand routes. (The production bundle imports them
// from source since server-modules-once.ts, but a copy bundled by mistake must not split
// state.) The instance lives on globalThis under a registered symbol, which every copy sees.

export function processSingleton<T>(name: string, create: () => T): T {
  const key = Symbol.for(`multistage-lab:${name}`);
  const slots = globalThis as unknown as Record<symbol, T | undefined>;
  if (!(key in slots)) slots[key] = create();
  return slots[key] as T;
}
