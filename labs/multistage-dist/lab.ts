// The chapter's first example: an app with a real build step producing dist/.
import type { LabInput } from '../lab-types.ts';

export default {
  title: 'Build to dist/, ship only dist/',
  summary: 'The quotes API is TypeScript: the builder compiles it, and the final image gets dist/ and production modules only.',
  context: 'app',
  baseImages: ['node:18', 'node:18-alpine'],
  editors: [
    {
      file: 'Dockerfile',
      label: 'Dockerfile',
      description: 'Builder compiles to dist/; the final stage runs it.',
      starter: 'starter/Dockerfile',
      solution: 'solution/Dockerfile',
    },
  ],
  steps: [
    {
      id: 'build-step',
      title: 'Compile in the builder, ship dist/',
      file: 'Dockerfile',
      checkpoints: [
        { id: 'builds', kind: 'builds', title: 'The Dockerfile builds', starter: 'pass' },
        {
          id: 'dist',
          kind: 'path-present',
          path: '/app/dist/server.js',
          title: 'dist/server.js is in the final image',
          starter: 'pass',
          hints: ['`npm run build` writes dist/; copy it with `COPY --from=builder /app/dist ./dist`.'],
        },
        {
          id: 'no-sources',
          kind: 'path-absent',
          path: '/app/src',
          title: 'The TypeScript sources stay in the builder',
          starter: 'fail',
          hints: [
            'The final stage copies the builder’s whole /app: sources, tsconfig.json and all.',
            'Copy only what runs, each with its own `COPY --from=builder`: /app/dist, /app/node_modules and /app/package.json.',
          ],
        },
      ],
    },
    {
      id: 'production-only',
      title: 'Ship production modules only',
      file: 'Dockerfile',
      checkpoints: [
        { id: 'stages', kind: 'stages', min: 2, title: 'A builder stage and a final stage', starter: 'pass' },
        {
          id: 'slim-base',
          kind: 'final-base',
          allowed: ['node:18-alpine', 'node:18.20.8-alpine'],
          title: 'The final stage starts from node:18-alpine',
          starter: 'pass',
        },
        {
          id: 'no-typescript',
          kind: 'no-dev-dependencies',
          nodeModules: '/app/node_modules',
          title: 'No devDependencies (typescript, @types) in the image',
          starter: 'fail',
          hints: [
            'The builder installed everything, compiler included, and the final stage copies that node_modules as it is.',
            'After `npm run build`, `RUN npm prune --omit=dev` removes the devDependencies from the builder’s node_modules.',
          ],
        },
      ],
    },
    {
      id: 'run',
      title: 'Run it, as an unprivileged user',
      file: 'Dockerfile',
      checkpoints: [
        {
          id: 'answers',
          kind: 'http',
          port: 3000,
          bodyContains: 'dist/',
          title: 'The container answers HTTP on port 3000',
          starter: 'pass',
        },
        {
          id: 'non-root',
          kind: 'non-root',
          title: 'It runs as an unprivileged user',
          starter: 'fail',
          hints: ['Add `USER node` to the final stage.'],
        },
      ],
    },
  ],
} satisfies LabInput;
