// The Node flags the web server (server/main.ts) runs with, however it is started: the systemd
// unit (@WEB_NODE_FLAGS@), the supervisor's web unit, `npm start`/`npm run serve` (spelled out
// in package.json; web-node-flags.test.ts holds them to this list) and the tests' site.

/**
 * A ceiling on V8's old generation, set for what it does to the heap's growth: without one
 * (4 GB on this 24 GB host) V8 lets the old generation grow to up to 4x what the last full GC
 * kept before it collects again, and the dead data of finished image analyses (9-10 MB
 * promoted each) filled that room. 20 builds at once: heap 203 -> 103 MB, the server's RSS
 * peak 349 -> 256 MB. 512 MB is far above what the server keeps (about 60 MB in a class's
 * builds, plus at most the build journal's 128 MB of logs): past it the process would stop
 * and the supervisor restart it.
 */
export const WEB_NODE_FLAGS = ['--max-old-space-size=512'];
