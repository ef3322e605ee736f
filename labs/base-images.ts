// The base images labs may use (`FROM`, `COPY --from`, `RUN --mount=from=`), besides scratch.
// No registry is reachable from the sandbox, so these are all a build can start from: `prepare`
// builds a stand-in of each from Debian and npm packages (`standIn`), or pulls the real image
// where a registry is reachable (MSLAB_PULL_REAL_IMAGES=1, `pull`). The editor's lint refuses
// any other image. Adding one: an entry here, then `npm run prepare:infra`. See
// docs/writing-labs.md, "Base images".
import type { BaseImageCatalogueInput } from './lab-types.ts';

const PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const NODE = { version: '18.20.8', npm: '10.8.2' };

export default {
  images: [
    {
      name: 'node:18',
      aliases: [`node:${NODE.version}`],
      description: 'The chapter’s builder: a full Debian with Node, npm and compilers (big, about 520 MB).',
      standIn: { kind: 'node', on: 'debian', ...NODE, packages: ['python3', 'make', 'g++', 'ca-certificates'] },
      config: { env: { PATH, NODE_VERSION: NODE.version }, cmd: ['node'] },
    },
    {
      name: 'node:18-alpine',
      aliases: [`node:${NODE.version}-alpine`],
      description: 'The chapter’s Node runtime: busybox, the libraries node needs and node itself (about 110 MB).',
      standIn: { kind: 'node', on: 'busybox', ...NODE },
      config: { env: { PATH, NODE_VERSION: NODE.version }, cmd: ['node'] },
    },
    {
      name: 'alpine',
      aliases: ['alpine:3'],
      description: 'A tiny runtime without glibc: a cgo-linked Go binary fails here exactly as on the real alpine.',
      standIn: { kind: 'busybox' },
      config: { env: { PATH }, cmd: ['/bin/sh'] },
    },
    {
      name: 'golang:1.19',
      description: 'The Go example’s builder: Debian’s Go 1.19 with gcc, so cgo is on by default as in the real image.',
      standIn: { kind: 'go', version: '1.19' },
      config: { env: { PATH: `/go/bin:/usr/lib/go-1.19/bin:${PATH}`, GOPATH: '/go' }, workdir: '/go', cmd: ['bash'] },
    },
    {
      name: 'busybox:1.35',
      description: 'The smallest shell base (2 MB) for a static binary: the Go lab’s CGO_ENABLED=0 build runs here too. Debian’s busybox is 1.35.',
      standIn: { kind: 'busybox' },
      config: { env: { PATH }, cmd: ['sh'] },
    },
  ],
} satisfies BaseImageCatalogueInput;
