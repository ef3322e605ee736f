// GET /api/labs/:lab/context, as the workbench's build-context view calls it: the learner in the
// cookie gets the lab's app files; no cookie, an unknown lab or a malformed id get nothing.
import { describe, expect, it } from 'vitest';
import { contextListingSchema } from '../../shared/build-context.ts';
import { GET } from '../../src/pages/api/labs/[lab]/context.ts';
import { learnerCookie } from '../support/build-socket-client.ts';

const call = (lab: string, cookie?: string) => {
  const url = new URL(`http://localhost/api/labs/${encodeURIComponent(lab)}/context`);
  const request = new Request(url, { headers: cookie ? { Cookie: cookie } : {} });
  return GET({ params: { lab }, request, url } as unknown as Parameters<typeof GET>[0]) as Promise<Response>;
};

describe('GET /api/labs/:lab/context', () => {
  it('answers the learner with the lab\'s app files, never cached by proxies', async () => {
    const response = await call('multistage-node', learnerCookie());
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    const listing = contextListingSchema.parse(await response.json());
    expect(listing.lab).toBe('multistage-node');
    expect(listing.files.map((f) => f.path)).toContain('server.js');
    expect(listing.files.find((f) => f.path === '.env')?.text).toBeDefined();
  });

  it('refuses a request without a learner cookie', async () => {
    expect((await call('multistage-node')).status).toBe(401);
  });

  it('knows no lab of another name, nor one that is not a lab id', async () => {
    for (const lab of ['no-such-lab', '../../etc', 'Multistage-Node']) {
      const response = await call(lab, learnerCookie());
      expect(response.status, lab).toBe(404);
    }
  });
});
