// A small analysis for the panel's unit tests: a two-layer base, then the learner's WORKDIR,
// COPY and RUN npm ci in a two-stage Dockerfile; the RUN overwrites one file and removes one.
import type { FileNode, ImageAnalysis, Layer } from '../../../shared/image-analysis/schema.ts';
import { sizesAt } from '../../../shared/image-analysis/tree.ts';

const none = { added: { files: 0, bytes: 0 }, modified: { files: 0, bytes: 0 }, removed: { files: 0, bytes: 0 } };

function layer(index: number, size: number, extra: Partial<Layer> = {}): Layer {
  return { index, createdBy: '', empty: false, size, base: true, changes: none, ...extra };
}

/** Nodes as [name, parent, kind, changes]; sizes are the final ones. */
function node(name: string, parent: number, kind: FileNode['kind'], changes: FileNode['changes']): FileNode {
  const last = changes.at(-1);
  return { name, parent, kind, size: last && last.change !== 'removed' ? last.size : 0, changes };
}

export function sampleAnalysis(buildId = 'build-0001'): ImageAnalysis {
  const tree: FileNode[] = [
    node('', -1, 'dir', []),
    node('usr', 0, 'dir', [{ layer: 0, change: 'added', size: 0 }]),
    node('bin', 1, 'dir', [{ layer: 0, change: 'added', size: 0 }]),
    node('node', 2, 'file', [{ layer: 1, change: 'added', size: 900 }]),
    node('sh', 2, 'file', [{ layer: 0, change: 'added', size: 100 }]),
    node('app', 0, 'dir', [{ layer: 2, change: 'added', size: 0 }]),
    node('package.json', 5, 'file', [
      { layer: 3, change: 'added', size: 10 },
      { layer: 5, change: 'modified', size: 12 },
    ]),
    node('node_modules', 5, 'dir', [{ layer: 5, change: 'added', size: 0 }]),
    node('express', 7, 'dir', [{ layer: 5, change: 'added', size: 0 }]),
    node('index.js', 8, 'file', [{ layer: 5, change: 'added', size: 300 }]),
    node('tmp.log', 5, 'file', [
      { layer: 3, change: 'added', size: 50 },
      { layer: 5, change: 'removed', size: 0 },
    ]),
  ];
  const sizes = sizesAt(tree); // folders sum their files, as the server has them
  tree.forEach((n, i) => (n.size = sizes[i]!));
  return {
    version: 1,
    buildId,
    lab: 'multistage-node',
    file: 'Dockerfile',
    at: 0,
    summary: { imageSize: 1372, layers: 5, files: 9, wastedBytes: 72, efficiency: 0.9, topOffenders: [{ path: '/app/tmp.log', bytes: 50 }], stages: [], durationMs: 3 },
    layers: [
      layer(0, 100, { createdBy: '' }),
      layer(1, 900, { createdBy: 'ADD node /usr/bin/node' }),
      layer(2, 0, { base: false, createdBy: 'WORKDIR /app', instruction: { stage: 1, line: 9, endLine: 9, text: 'WORKDIR /app' } }),
      layer(3, 60, { base: false, createdBy: 'COPY . .', instruction: { stage: 1, line: 10, endLine: 10, text: 'COPY . .', cached: true } }),
      layer(4, 0, { base: false, empty: true, createdBy: 'ENV NODE_ENV=production', instruction: { stage: 1, line: 11, endLine: 11, text: 'ENV NODE_ENV=production' } }),
      layer(5, 312, { base: false, createdBy: 'RUN npm ci', instruction: { stage: 1, line: 12, endLine: 13, text: 'RUN npm ci && rm tmp.log' } }),
    ],
    tree,
    waste: { wastedBytes: 72, efficiency: 0.9, wastedFiles: 2, offenders: [{ path: '/app/tmp.log', kind: 'file', files: 1, bytes: 50, layers: [3, 5] }] },
    stages: {
      stages: [
        { index: 0, name: 'builder', label: 'builder', base: 'node:18', line: 1, needed: true, status: 'cached', steps: 3, cachedSteps: 3 },
        { index: 1, label: 'stage-1', base: 'node:18-alpine', line: 8, needed: true, status: 'built', steps: 4, cachedSteps: 1 },
      ],
      edges: [{ from: 0, to: 1, kind: 'copy', line: 12 }],
      final: 1,
    },
  };
}
