// /downloads/<lab>-app.tar.gz: each lab's app, for the lessons' "Try it on your own Docker".
// Prerendered when the site is built (src/lab-download.ts says what is in it).
import type { APIRoute, GetStaticPaths } from 'astro';
import type { Lab } from '../../../server/labs/lab-registry.ts';
import { labCatalog } from '../../../server/labs/lab-catalog.ts';
import { downloadName, labAppArchive } from '../../lab-download.ts';

export const prerender = true;

export const getStaticPaths = (async () =>
  [...(await labCatalog()).values()].map((lab) => ({ params: { file: downloadName(lab.id) }, props: { lab } }))) satisfies GetStaticPaths;

export const GET: APIRoute<{ lab: Lab }> = async ({ props }) =>
  new Response(new Uint8Array(await labAppArchive(props.lab)), { headers: { 'Content-Type': 'application/gzip' } });
