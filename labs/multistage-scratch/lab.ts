// A scratch final stage done properly: a numeric user, CA certificates from the builder, a
// settings file only the app's user may read (COPY --chown/--chmod), and Go's build cache in a
// cache mount.
import type { LabInput } from '../lab-types.ts';

export default {
  title: 'greeter on scratch, done properly',
  summary: 'Ship the Go service on an empty image: make it run as an unprivileged user there, give it CA certificates and a settings file only it may read, and keep Go’s build cache between builds.',
  context: 'app',
  baseImages: ['golang:1.19', 'busybox:1.35'],
  editors: [
    {
      file: 'Dockerfile',
      label: 'Dockerfile',
      description: 'A Go builder and a scratch final stage.',
      starter: 'starter/Dockerfile',
      solution: 'solution/Dockerfile',
    },
  ],
  steps: [
    {
      id: 'runs-on-scratch',
      title: 'Make it run on scratch, unprivileged',
      file: 'Dockerfile',
      checkpoints: [
        {
          id: 'on-scratch',
          kind: 'final-base',
          allowed: ['scratch'],
          title: 'The final stage is FROM scratch',
          starter: 'pass',
        },
        {
          id: 'runs',
          kind: 'binary-runs',
          path: '/greeter',
          args: ['-version'],
          outputContains: 'greeter 1.0.0',
          title: '/greeter -version runs in the final image',
          starter: 'fail',
          hints: [
            'Read what the checkpoint found: the container does not even start. What does the engine need to look up before it runs the binary?',
            'A user name is looked up in /etc/passwd, and scratch has no files at all.',
            'Use a number: `USER 65534:65534` (nobody and nogroup on Debian and alpine).',
          ],
        },
        {
          id: 'non-root',
          kind: 'non-root',
          title: 'It runs as a user other than root',
          starter: 'pass',
          hints: ['Keep a USER line: with none, scratch runs the binary as root.'],
        },
      ],
    },
    {
      id: 'certificates',
      title: 'Give it CA certificates',
      file: 'Dockerfile',
      checkpoints: [
        {
          id: 'has-certs',
          kind: 'binary-runs',
          path: '/greeter',
          args: ['-certs'],
          outputContains: 'CA certificates',
          title: '/greeter -certs finds CA certificates (exit 0)',
          starter: 'fail',
          hints: [
            'Go looks for the certificates where Linux keeps them: /etc/ssl/certs/ca-certificates.crt.',
            'The golang:1.19 builder has that file: copy it with `COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt`.',
          ],
        },
      ],
    },
    {
      id: 'settings',
      title: 'Ship the settings, for the app’s eyes only',
      file: 'Dockerfile',
      checkpoints: [
        {
          id: 'owned-0400',
          kind: 'path-owner',
          path: '/etc/greeter/app.conf',
          uid: 65534,
          mode: '0400',
          title: '/etc/greeter/app.conf belongs to user 65534, mode 0400 (only its owner may read it)',
          starter: 'fail',
          hints: [
            'COPY writes files owned by root with the mode they had in the context (0644: everyone may read).',
            'COPY takes the owner and the mode as flags: `--chown=65534:65534 --chmod=0400`.',
          ],
        },
        {
          id: 'app-reads-it',
          kind: 'binary-runs',
          path: '/greeter',
          args: ['-config', '/etc/greeter/app.conf'],
          outputContains: 'settings:',
          title: 'greeter, as its USER, can read its settings',
          starter: 'fail',
          hints: ['Mode 0400 lets the owner alone read: the owner must be the user greeter runs as.'],
        },
      ],
    },
    {
      id: 'health-probe',
      title: 'A health probe, copied from an image',
      file: 'Dockerfile',
      checkpoints: [
        {
          id: 'has-wget',
          kind: 'binary-runs',
          path: '/bin/wget',
          args: ['--help'],
          outputContains: 'Usage: wget',
          title: '/bin/wget runs in the final image (exit 0)',
          starter: 'fail',
          hints: [
            'scratch has only what you copy in, and no stage of this Dockerfile has a wget that runs without a C library.',
            '`COPY --from` also takes an image the course offers: busybox:1.35 holds one static binary, /bin/busybox, which acts as the tool it is named after.',
            'Write `COPY --from=busybox:1.35 /bin/busybox /bin/wget` in the final stage.',
          ],
        },
        {
          id: 'just-the-binary',
          kind: 'max-size',
          mb: 12,
          title: 'The image stays under 12 MB: one file from busybox, not its whole image',
          starter: 'pass',
          hints: ['Copy the one binary; do not start the final stage FROM busybox.'],
        },
      ],
    },
    {
      id: 'go-cache',
      title: 'Keep Go’s build cache between builds',
      file: 'Dockerfile',
      checkpoints: [
        {
          id: 'cache-mount',
          kind: 'cache-mount',
          target: '/root/.cache/go-build',
          title: 'go build runs with a cache mount on /root/.cache/go-build',
          starter: 'fail',
          hints: ['`go env GOCACHE` in the builder says where Go keeps compiled packages: /root/.cache/go-build.', 'Write `RUN --mount=type=cache,target=/root/.cache/go-build CGO_ENABLED=0 go build -o /out/greeter .`.'],
        },
        {
          id: 'still-runs',
          kind: 'binary-runs',
          path: '/greeter',
          args: ['-version'],
          outputContains: 'greeter 1.0.0',
          title: 'The binary still runs',
          starter: 'fail',
          hints: ['Finish the first step: the binary must run on scratch.'],
        },
      ],
    },
  ],
} satisfies LabInput;
