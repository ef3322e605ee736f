// An image reference in the one form every comparison uses.
/** "docker.io/library/node:18-alpine" and "node:18-alpine" are the same image. */
export function normalizeImage(reference: string): string {
  let ref = reference.trim().toLowerCase();
  for (const prefix of ['docker.io/library/', 'index.docker.io/library/', 'docker.io/', 'library/']) {
    if (ref.startsWith(prefix)) ref = ref.slice(prefix.length);
  }
  const lastPart = ref.split('/').pop() ?? ref;
  const tagged = lastPart.includes(':') || lastPart.includes('@');
  return tagged || ref === 'scratch' ? ref : `${ref}:latest`;
}
