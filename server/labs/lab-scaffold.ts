// What `npm run lab:new <id>` writes: a lab that passes `labs:verify` as it is (a Node app
// built in node:18 and shipped on node:18-alpine, two steps), every checkpoint kind shown in
// lab.ts (the unused ones commented), and a lesson that embeds it. Pure: files by path.
import { slug } from '../../shared/checkpoint-schema.ts';

export interface ScaffoldOptions {
  id: string;
  title: string;
  /** The lesson's position in its chapter. */
  order: number;
  /** File name prefix of the lesson, e.g. "07". */
  number: string;
}

/** Marks where the worked example in docs/writing-labs.md adds a step. */
export const NEW_STEPS_MARKER = '    // New steps go here (docs/writing-labs.md, "Add a step").';

export const validLabId = (id: string) => slug.safeParse(id).success && id.length <= 40;

/** "hello-multistage" -> "Hello multistage" */
export const titleFromId = (id: string) => id.charAt(0).toUpperCase() + id.slice(1).replace(/-/g, ' ');

const labTs = ({ id, title }: ScaffoldOptions) => `// ${title}: made by \`npm run lab:new ${id}\`. See docs/writing-labs.md.
import type { LabInput } from '../lab-types.ts';

export default {
  title: ${JSON.stringify(title)},
  summary: 'Build the app in a full Node image, then ship only what runs on a small one.',
  // The build context: every build gets these files (a .dockerignore tab would filter them).
  context: 'app',
  // Images the Dockerfiles may start FROM: names from labs/base-images.json (or scratch).
  baseImages: ['node:18', 'node:18-alpine'],
  editors: [
    {
      file: 'Dockerfile',
      label: 'Dockerfile',
      description: 'Start single-stage; end with a builder stage and a small runtime stage.',
      starter: 'starter/Dockerfile',
      solution: 'solution/Dockerfile',
    },
  ],
  steps: [
    {
      id: 'build-and-run',
      title: 'Build the app and run it',
      file: 'Dockerfile',
      checkpoints: [
        { id: 'builds', kind: 'builds', title: 'The Dockerfile builds', starter: 'pass' },
        {
          id: 'answers',
          kind: 'http',
          port: 3000,
          // path: '/', status: 200 and timeoutSeconds: 10 are the defaults.
          bodyContains: 'Hello',
          title: 'The container answers HTTP on port 3000',
          starter: 'pass',
          hints: ['The app listens on PORT or 3000: \`CMD ["node", "dist/server.js"]\` starts it.'],
        },
      ],
    },
    {
      id: 'ship-small',
      title: 'Ship only what runs',
      file: 'Dockerfile',
      checkpoints: [
        { id: 'two-stages', kind: 'stages', min: 2, title: 'A builder stage and a final stage', starter: 'fail', hints: ['Name the first stage: \`FROM node:18 AS build\`.'] },
        {
          id: 'small-base',
          kind: 'final-base',
          allowed: ['node:18-alpine'],
          title: 'The final stage starts from node:18-alpine',
          starter: 'fail',
          hints: ['Start a second stage with \`FROM node:18-alpine\` and copy the build output into it.'],
        },
        { id: 'under-150mb', kind: 'max-size', mb: 150, title: 'The image is under 150 MB', starter: 'fail' },
        { id: 'non-root', kind: 'non-root', title: 'It runs as an unprivileged user', starter: 'fail', hints: ['node images have a \`node\` user: \`USER node\`.'] },
        // Every other kind, to copy from:
        // { id: 'has-dist', kind: 'path-present', path: '/app/dist/server.js', title: 'The build output is there', starter: 'pass' },
        // { id: 'no-sources', kind: 'path-absent', path: '/app/src', title: 'The sources stay behind', starter: 'fail' },
        // { id: 'smaller', kind: 'relative-size', of: 'Dockerfile.regular', maxPercent: 40, title: 'At most 40% of the regular image', starter: 'fail' },
        // { id: 'prod-only', kind: 'no-dev-dependencies', nodeModules: '/app/node_modules', title: 'No devDependencies', starter: 'fail' },
        // { id: 'ignored', kind: 'dockerignore-excludes', paths: ['.env'], title: '.env stays out of the context', starter: 'fail' }, // needs a .dockerignore editor
        // { id: 'runs', kind: 'binary-runs', path: '/usr/local/bin/node', args: ['--version'], exitCode: 0, outputContains: 'v18', title: 'node starts', starter: 'pass' },
        // { id: 'clean', kind: 'lint-clean', severity: 'warning', title: 'The editor finds nothing to fix', starter: 'fail' },
        // { id: 'test-from-deps', kind: 'stage-from', stage: 'test', from: 'deps', title: 'The test stage starts FROM deps', starter: 'fail' },
        // { id: 'tests-skipped', kind: 'stage-skipped', stage: 'test', title: 'A plain build skips the test stage', starter: 'fail' },
        // { id: 'own-config', kind: 'path-owner', path: '/app/config.json', uid: 1000, mode: '0400', title: 'Only the app user reads its config', starter: 'fail' },
        // { id: 'npm-cache', kind: 'cache-mount', target: '/root/.npm', title: 'npm ci runs with a cache mount', starter: 'fail' },
      ],
    },
${NEW_STEPS_MARKER}
  ],
} satisfies LabInput;
`;

const lesson = ({ id, title, order }: ScaffoldOptions) => `---
title: ${JSON.stringify(title)}
description: One sentence about what the learner builds in this lab.
order: ${order}
lab: ${id}
---
import LabStep from '../../src/components/LabStep.astro';

Say what the app is and what the learner will do with it. The lab's workbench is beside this
text; each step below shows its checkpoints, which turn green as the learner's builds pass them.

<LabStep lab="${id}" step="build-and-run">
Build the Dockerfile as it is: it copies the app, builds it and starts it.
</LabStep>

<LabStep lab="${id}" step="ship-small">
Split it in two: build in \`node:18\`, then start a second stage from \`node:18-alpine\`, copy
only \`dist/\` from the first, and run as the \`node\` user.
</LabStep>
`;

export function scaffoldFiles(options: ScaffoldOptions): { lab: Record<string, string>; lesson: { name: string; text: string } } {
  const { id } = options;
  return {
    lab: {
      'lab.ts': labTs(options),
      'app/package.json': `${JSON.stringify({ name: id, version: '1.0.0', private: true, scripts: { build: 'node build.js', start: 'node dist/server.js' } }, null, 2)}\n`,
      'app/build.js': `// The app's "build": writes dist/server.js from src/ (a stand-in for a compiler or bundler).
const fs = require('node:fs');
fs.mkdirSync('dist', { recursive: true });
fs.writeFileSync('dist/server.js', \`// built \${new Date().toISOString()}\\n\${fs.readFileSync('src/server.js', 'utf8')}\`);
`,
      'app/src/server.js': `const http = require('node:http');
const port = Number(process.env.PORT) || 3000;
http.createServer((req, res) => res.end('Hello from ${id}\\n')).listen(port, () => console.log(\`listening on \${port}\`));
`,
      'starter/Dockerfile': `# One stage: everything that built the app ships with it.
FROM node:18
WORKDIR /app
COPY . .
RUN node build.js
CMD ["node", "dist/server.js"]
`,
      'solution/Dockerfile': `# Build in the full image...
FROM node:18 AS build
WORKDIR /app
COPY . .
RUN node build.js

# ...ship only what runs, on a small base, as an unprivileged user.
FROM node:18-alpine
WORKDIR /app
COPY --from=build /app/dist ./dist
USER node
CMD ["node", "dist/server.js"]
`,
    },
    lesson: { name: `${options.number}-${id}.mdx`, text: lesson(options) },
  };
}
