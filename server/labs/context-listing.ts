// The lab's app files as the page's build-context view shows them (shared/build-context.ts):
// sizes, and the text of each file small enough to read in a dialog. Only the files the lab
// already loaded from its context folder: nothing else on disk can be named.
import type { ContextListing } from '../../shared/build-context.ts';
import type { Lab } from './lab-registry.ts';

/** Larger files come without their text: a lesson's app file to read is a page or two, not a bundle. */
export const CONTEXT_VIEW_FILE_BYTES = 64 * 1024;

const decoder = new TextDecoder('utf-8', { fatal: true });

function textOf(content: Uint8Array): string | undefined {
  if (content.includes(0)) return undefined;
  try {
    return decoder.decode(content);
  } catch {
    return undefined;
  }
}

export function contextListing(lab: Lab, fileBytes = CONTEXT_VIEW_FILE_BYTES): ContextListing {
  return {
    lab: lab.id,
    fileBytes,
    files: lab.contextFiles
      .map((file) => {
        const base = { path: file.name, bytes: file.content.length };
        if (file.content.length > fileBytes) return { ...base, omitted: 'too-large' as const };
        const text = textOf(file.content);
        return text === undefined ? { ...base, omitted: 'binary' as const } : { ...base, text };
      })
      .sort((a, b) => a.path.localeCompare(b.path)),
  };
}
