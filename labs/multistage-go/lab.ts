// The chapter's Go example: a compiled service shipped on a tiny base, and the cgo trap.
import type { LabInput } from '../lab-types.ts';

export default {
  title: 'Ship a Go binary on a tiny base',
  summary: 'Build greeter in golang:1.19, ship only the binary on alpine, and make sure it actually runs there.',
  context: 'app',
  baseImages: ['golang:1.19', 'alpine', 'alpine:3'],
  editors: [
    {
      file: 'Dockerfile',
      label: 'Dockerfile',
      description: 'A Go builder stage and a tiny runtime stage.',
      starter: 'starter/Dockerfile',
      solution: 'solution/Dockerfile',
    },
  ],
  steps: [
    {
      id: 'two-stages',
      title: 'Build in golang:1.19, ship on alpine',
      file: 'Dockerfile',
      checkpoints: [
        { id: 'builds', kind: 'builds', title: 'The Dockerfile builds', starter: 'pass' },
        {
          id: 'stages',
          kind: 'stages',
          min: 2,
          title: 'A builder stage and a final stage',
          starter: 'fail',
          hints: ['Name the first stage: `FROM golang:1.19 AS builder`.', 'A second `FROM` starts the final stage; only that one becomes the image.'],
        },
        {
          id: 'tiny-base',
          kind: 'final-base',
          allowed: ['alpine', 'alpine:3', 'alpine:latest', 'scratch'],
          title: 'The final stage starts from alpine (or scratch)',
          starter: 'fail',
          hints: ['Start the final stage `FROM alpine:3`, then copy the binary in with `COPY --from=builder`.'],
        },
        {
          id: 'no-toolchain',
          kind: 'path-absent',
          // Debian's Go (the stand-in), the official golang image's, and a go binary on PATH.
          path: '/usr/lib/go-1.19',
          alsoAt: ['/usr/local/go', '/usr/local/bin/go', '/usr/bin/go'],
          title: 'The Go toolchain stays in the builder',
          starter: 'fail',
          hints: ['Copy only the binary from the builder, not its whole filesystem.'],
        },
        {
          id: 'under-20mb',
          kind: 'max-size',
          mb: 20,
          title: 'The image is under 20 MB',
          starter: 'fail',
          hints: ['The toolchain is hundreds of MB; the binary and alpine together are about 15.'],
        },
      ],
    },
    {
      id: 'binary-runs',
      title: 'Make sure the binary runs there',
      file: 'Dockerfile',
      checkpoints: [
        {
          id: 'on-tiny-base',
          kind: 'final-base',
          allowed: ['alpine', 'alpine:3', 'alpine:latest', 'scratch'],
          title: 'It runs on the tiny final stage (alpine or scratch)',
          starter: 'fail',
          hints: ['Do the previous step first: the binary must run where it ships, on alpine.'],
        },
        {
          id: 'runs',
          kind: 'binary-runs',
          path: '/usr/local/bin/greeter',
          args: ['-version'],
          outputContains: 'greeter',
          title: 'greeter -version runs in the final image',
          starter: 'fail',
          hints: [
            '"no such file or directory" for a file that exists means its loader is missing: the binary was linked against glibc, and alpine has none.',
            'Go links net against the C library when cgo is on, and golang:1.19 turns it on.',
            'Build with `RUN CGO_ENABLED=0 go build -o greeter .` for a static binary.',
          ],
        },
      ],
    },
    {
      id: 'serve',
      title: 'Serve, as an unprivileged user',
      file: 'Dockerfile',
      checkpoints: [
        {
          id: 'answers',
          kind: 'http',
          port: 8080,
          bodyContains: 'Hello',
          title: 'The container answers HTTP on port 8080',
          starter: 'pass',
          hints: ['If the binary does not run, nothing answers: fix the previous step first.'],
        },
        {
          id: 'non-root',
          kind: 'non-root',
          title: 'It runs as an unprivileged user',
          starter: 'fail',
          hints: ['alpine has a `nobody` user: add `USER nobody` to the final stage.', 'On scratch there is no /etc/passwd, so no names: use a number, `USER 65534`.'],
        },
      ],
    },
  ],
} satisfies LabInput;
