// Stages as a graph: a test stage only built when targeted, FROM <stage> inheritance, an npm
// cache mount, and a global ARG carried into the stage that needs it.
import type { LabInput } from '../lab-types.ts';

export default {
  title: 'A pipeline of stages: test, cache, version',
  summary: 'Turn a Dockerfile that tests on every build into a graph of stages: a test stage built only on request, npm’s cache kept out of the image, and the version reaching the app.',
  context: 'app',
  baseImages: ['node:18-alpine', 'node:18.20.8-alpine'],
  editors: [
    {
      file: 'Dockerfile',
      label: 'Dockerfile',
      description: 'The greeting API with its tests: one file, several stages.',
      starter: 'starter/Dockerfile',
      solution: 'solution/Dockerfile',
    },
  ],
  steps: [
    {
      id: 'test-stage',
      title: 'Run the tests only when asked',
      file: 'Dockerfile',
      checkpoints: [
        { id: 'builds', kind: 'builds', title: 'The Dockerfile builds', starter: 'pass' },
        {
          id: 'test-inherits-deps',
          kind: 'stage-from',
          stage: 'test',
          from: 'deps',
          title: 'A stage named test starts FROM a stage named deps (all dependencies installed)',
          starter: 'fail',
          hints: [
            'Split the first stage in two: `deps` installs every dependency, `test` adds the code and runs `npm test`.',
            '`FROM deps AS test` starts the test stage with everything deps has: /app, node_modules, WORKDIR.',
          ],
        },
        {
          id: 'tests-skipped',
          kind: 'stage-skipped',
          stage: 'test',
          title: 'A plain build skips the test stage (build with the target test to run it)',
          starter: 'fail',
          hints: [
            'BuildKit builds only the stages the final stage needs. What does your final stage take from the stage that runs the tests?',
            'Copy app.js and server.js into the final stage from the build context (`COPY app.js server.js ./`), not `--from` the test stage.',
          ],
        },
        {
          id: 'answers',
          kind: 'http',
          port: 3000,
          bodyContains: 'Hello',
          title: 'The final image still answers on port 3000',
          starter: 'pass',
          hints: ['The final stage needs app.js, server.js and the production node_modules.'],
        },
        {
          id: 'no-dev-dependencies',
          kind: 'no-dev-dependencies',
          nodeModules: '/app/node_modules',
          title: 'The final image has no devDependencies',
          starter: 'pass',
          hints: ['Install the final stage’s packages with `npm ci --omit=dev`, not from deps.'],
        },
      ],
    },
    {
      id: 'npm-cache',
      title: 'Keep npm’s cache between builds, out of the image',
      file: 'Dockerfile',
      checkpoints: [
        {
          id: 'cache-mount',
          kind: 'cache-mount',
          target: '/root/.npm',
          title: 'npm ci runs with a cache mount on /root/.npm',
          starter: 'fail',
          hints: ['npm keeps its downloads in /root/.npm when it runs as root.', 'Write `RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev`.'],
        },
        {
          id: 'no-cache-in-image',
          kind: 'path-absent',
          path: '/root/.npm/_cacache',
          title: 'npm’s download cache is not in the final image',
          starter: 'fail',
          hints: ['A cache mount is not part of the layer: what npm writes there stays with the engine, not in the image.'],
        },
      ],
    },
    {
      id: 'app-version',
      title: 'Get the version to the app',
      file: 'Dockerfile',
      checkpoints: [
        {
          id: 'reports-version',
          kind: 'http',
          port: 3000,
          bodyContains: '"version":"1.0.0"',
          title: 'GET / reports "version":"1.0.0" (the global ARG APP_VERSION)',
          starter: 'fail',
          hints: [
            'The app reads APP_VERSION from its environment; the final stage sets it from the ARG. What value does that ARG have inside the stage?',
            'An ARG declared before the first FROM is in scope for FROM lines only. Inside a stage it is empty until the stage declares it again.',
            'Add `ARG APP_VERSION` (no value: it takes the global default) in the final stage, before the ENV that uses it.',
          ],
        },
        {
          id: 'final-base',
          kind: 'final-base',
          allowed: ['node:18-alpine'],
          title: 'The final stage runs on node:18-alpine (a FROM with ${NODE_VERSION} counts)',
          starter: 'pass',
          hints: ['`ARG NODE_VERSION=18` before the first FROM, then `FROM node:${NODE_VERSION}-alpine AS base`.'],
        },
      ],
    },
  ],
} satisfies LabInput;
