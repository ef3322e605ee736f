// Types for lab definitions: `import type { LabInput } from '../lab-types.ts'` in a lab.ts
// gives completion and checking while you write it. See docs/writing-labs.md.
export type { LabInput } from '../server/labs/lab-schema.ts';
export type { BaseImageCatalogueInput } from '../shared/base-images.ts';
