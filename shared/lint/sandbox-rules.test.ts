// The rules that refuse what cannot build in the sandbox: each finding blocks the build, names
// what is available instead and says why.
import { describe, expect, it } from 'vitest';
import { isOfferedImage, offeredImagesText } from '../offered-images.ts';
import { blockingFindings, lintDockerfile, RULES, type RuleId } from './dockerfile-lint.ts';

const findings = (text: string, rule: RuleId) => lintDockerfile(text).filter((d) => d.rule === rule);
const at = (text: string, rule: RuleId) => findings(text, rule).map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1}`);

describe('offered images', () => {
  it('knows every spelling of the stand-ins and scratch, and nothing else', () => {
    for (const image of ['node:18', 'node:18.20.8', 'docker.io/library/node:18-alpine', 'alpine', 'alpine:3', 'ALPINE:latest', 'golang:1.19', 'busybox:1.35', 'scratch']) {
      expect([image, isOfferedImage(image)]).toEqual([image, true]);
    }
    for (const image of ['node:20', 'busybox', 'golang:1.22', 'registry.invalid/x', 'alpine@sha256:0123', 'mslab-build/3f2a']) {
      expect([image, isOfferedImage(image)]).toEqual([image, false]);
    }
    expect(offeredImagesText()).toBe('node:18, node:18-alpine, alpine, golang:1.19, busybox:1.35 and scratch');
  });
});

describe('image-not-offered', () => {
  it('refuses FROM, COPY --from and RUN --mount from= of an image that is not offered, naming those that are', () => {
    const text = [
      'FROM registry.invalid/x AS a',
      'FROM node:20',
      'COPY --from=nginx:1.27 /etc/nginx /x',
      'RUN --mount=type=bind,from=golang:1.22,target=/go true',
      'USER node',
      '',
    ].join('\n');
    expect(at(text, 'image-not-offered')).toEqual(['1:6', '2:6', '3:13', '4:28']);
    const first = findings(text, 'image-not-offered')[0]!;
    expect(first).toMatchObject({ severity: 'error', blocksBuild: true });
    expect(first.message).toContain('registry.invalid/x');
    expect(first.message).toContain(offeredImagesText());
  });

  it('accepts the offered images, stages, and ARG defaults that name an offered image', () => {
    const text = 'ARG NODE=18\nFROM node:${NODE} AS builder\nFROM builder AS test\nFROM node:${NODE}-alpine\nCOPY --from=builder /a /a\nCOPY --from=alpine:3 /bin/busybox /b\nRUN --mount=from=test,target=/t true\nUSER node\n';
    expect(findings(text, 'image-not-offered')).toEqual([]);
    // The same ARG naming something else is refused with what it expands to.
    expect(findings(text.replace('NODE=18', 'NODE=20'), 'image-not-offered').map((d) => d.message.split(':')[0])).toEqual(['FROM node', 'FROM node']);
  });

  it('suggests the stage a FROM probably meant', () => {
    const d = findings('FROM node:18 AS builder\nFROM buidler\nUSER node\n', 'image-not-offered')[0]!;
    expect(d.message).toContain('did you mean the stage "builder"?');
    expect(d.fix?.edits[0]?.text).toBe('builder');
  });
});

describe('copy-from-unknown-stage', () => {
  it('blocks the build, and says a plain word is no image here either', () => {
    const d = findings('FROM alpine:3 AS builder\nFROM alpine:3\nCOPY --from=busybox /bin/busybox /b\nUSER nobody\n', 'copy-from-unknown-stage')[0]!;
    expect(d).toMatchObject({ severity: 'error', blocksBuild: true });
    expect(d.message).toBe(`COPY --from=busybox names no stage. Stages before this one: builder. It is not an image offered here either (${offeredImagesText()}).`);
    // An offered image by a plain name is fine.
    expect(findings('FROM alpine:3\nCOPY --from=alpine /bin/busybox /b\nUSER nobody\n', 'copy-from-unknown-stage')).toEqual([]);
  });
});

describe('add-url', () => {
  it('refuses ADD of a URL or a git remote, and accepts local files', () => {
    const text = 'FROM alpine:3\nADD https://example.com/app.tgz /app/\nADD --chmod=644 http://x/y git@github.com:a/b.git /z/\nADD app.tgz /app/\nUSER nobody\n';
    expect(at(text, 'add-url')).toEqual(['2:5', '3:17', '3:28']);
    expect(findings(text, 'add-url')[0]).toMatchObject({ blocksBuild: true, message: expect.stringContaining('only the course\'s npm mirror') });
  });
});

describe('refused-mount and refused-run-option', () => {
  it('refuses secret and SSH mounts, host network and insecure security, and says why', () => {
    const text = [
      'FROM node:18-alpine',
      'RUN --mount=type=secret,id=npmrc cat /run/secrets/npmrc',
      'RUN --mount=TYPE=SSH git clone x',
      'RUN --network=host wget x',
      'RUN --security=insecure mount',
      'RUN --network=none --mount=type=cache,target=/root/.npm --mount=type=tmpfs,target=/t true',
      'USER node',
      '',
    ].join('\n');
    expect(at(text, 'refused-mount')).toEqual(['2:5', '3:5']);
    expect(at(text, 'refused-run-option')).toEqual(['4:5', '5:5']);
    const [secret, ssh] = findings(text, 'refused-mount');
    expect(secret!.message).toContain('course server');
    expect(ssh!.message).toContain('SSH agent');
    const [network, security] = findings(text, 'refused-run-option');
    expect(network!.message).toContain('npm mirror');
    expect(security!.message).toContain('--privileged');
    expect(blockingFindings(lintDockerfile(text))).toHaveLength(4);
  });

  it('refuses mount options it cannot read exactly as BuildKit would (quotes, variables)', () => {
    expect(at('FROM alpine:3\nARG T=secret\nRUN --mount=type=$T,id=x true\nRUN --mount="type=cache,target=/c" true\nUSER nobody\n', 'refused-mount')).toEqual(['3:5', '4:5']);
    // A value continued over a line break: BuildKit keeps the next line's indent.
    expect(at('FROM alpine:3\nRUN --mount=type=cache,\\\nid=x,target=/c true\nUSER nobody\n', 'refused-mount')).toEqual(['2:5']);
  });
});

describe('rules as data', () => {
  it('every rule is one object with id, severity, lesson link, check and message; refusals are errors', () => {
    for (const [id, rule] of Object.entries(RULES)) {
      expect(rule.id).toBe(id);
      expect(['error', 'warning', 'info']).toContain(rule.severity);
      expect(rule.docs).toMatch(/^[a-z0-9-]+$/); // a lesson heading's anchor, resolved when the site is built
      expect(typeof rule.check).toBe('function');
      expect(typeof rule.message).toBe('function');
      if (rule.blocksBuild) expect(rule.severity).toBe('error');
    }
  });

  it('a lab solution blocks nothing; a Dockerfile with no FROM has no findings', () => {
    expect(blockingFindings(lintDockerfile('FROM node:18 AS b\nRUN --mount=type=cache,target=/root/.npm npm ci\nFROM node:18-alpine\nCOPY --from=b /a /a\nUSER node\n'))).toEqual([]);
    expect(lintDockerfile('# nothing yet\n')).toEqual([]);
  });
});
