// The routes that hand out hints and solutions (server/lab-help), called as the page calls
// them: the learner in the cookie, bodies validated and limited, writes rate limited, and
// nothing locked handed out in challenge mode. The e2e (tests/e2e/challenge.test.ts) does the
// same through real builds in Chromium.
import { describe, expect, it } from 'vitest';
import { helpStore } from '../../server/lab-help/shared.ts';
import { newLearnerId } from '../../server/progress/learner-cookie.ts';
import { PUT as putChallenge } from '../../src/pages/api/labs/[lab]/challenge.ts';
import { GET as getHelp } from '../../src/pages/api/labs/[lab]/help.ts';
import { POST as postHint } from '../../src/pages/api/labs/[lab]/hints.ts';
import { GET as getSolution } from '../../src/pages/api/labs/[lab]/solutions/[file].ts';
import { labFile } from '../support/lab-page.ts';
import { learnerCookie } from '../support/build-socket-client.ts';

type Handler = (context: never) => Response | Promise<Response>;
const call = (handler: Handler, params: Record<string, string>, cookie?: string, body?: string) => {
  const url = new URL('http://localhost/api/labs/x');
  const request = new Request(url, { method: body === undefined ? 'GET' : 'POST', headers: { ...(cookie && { Cookie: cookie }), 'Content-Type': 'application/json' }, body });
  return Promise.resolve(handler({ params, request, url } as never));
};
const lab = { lab: 'multistage-go' };
const hint = { step: 'two-stages', checkpoint: 'stages' };

describe('help, challenge, hints and solutions routes', () => {
  it('need the learner cookie and a lab that exists', async () => {
    expect((await call(getHelp, lab)).status).toBe(401);
    expect((await call(getHelp, { lab: 'no-such-lab' }, learnerCookie())).status).toBe(404);
    expect((await call(getSolution, { ...lab, file: 'Dockerfile.nope' }, learnerCookie())).status).toBe(404);
  });

  it('validate bodies, naming the field, and refuse one over 8 KiB', async () => {
    const cookie = learnerCookie();
    const wrong = await call(putChallenge, lab, cookie, JSON.stringify({ on: 'yes' }));
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { error: string }).error).toMatch(/^on: /);
    expect((await call(putChallenge, lab, cookie, JSON.stringify({ on: true, also: 1 }))).status).toBe(400);
    expect((await call(putChallenge, lab, cookie, 'not json')).status).toBe(400);
    expect((await call(postHint, lab, cookie, JSON.stringify({ step: 'x'.repeat(9000), checkpoint: 'c' }))).status).toBe(413);
    expect((await call(postHint, lab, cookie, JSON.stringify({ step: 'two-stages', checkpoint: 'nope' }))).status).toBe(404);
  });

  it('in challenge mode, keep hints and the solution until enough failed builds, then hand them out', async () => {
    const learner = newLearnerId();
    const cookie = learnerCookie(learner);
    const on = await call(putChallenge, lab, cookie, JSON.stringify({ on: true }));
    expect(await on.json()).toMatchObject({ challenge: true, hints: { 'two-stages/stages': { total: 2, shown: [] } } });

    const locked = await call(postHint, lab, cookie, JSON.stringify(hint));
    expect(locked.status).toBe(403);
    expect(await locked.json()).toMatchObject({ failures: 0, needed: 2 });
    expect((await call(getSolution, { ...lab, file: 'Dockerfile' }, cookie)).status).toBe(403);

    // What the build observer records after two failed builds of the step (server/progress/observers.ts).
    helpStore().recordFailure(learner, 'multistage-go', 'two-stages');
    helpStore().recordFailure(learner, 'multistage-go', 'two-stages');
    const first = await call(postHint, lab, cookie, JSON.stringify(hint));
    expect(first.status).toBe(200);
    const help = (await first.json()) as { hints: Record<string, { shown: string[] }> };
    expect(help.hints['two-stages/stages']!.shown).toHaveLength(1);
    for (let i = 0; i < 3; i++) await call(postHint, lab, cookie, JSON.stringify(hint));
    const again = (await (await call(getHelp, lab, cookie)).json()) as typeof help;
    expect(again.hints['two-stages/stages']!.shown).toHaveLength(2); // never more than there are

    const off = await call(putChallenge, lab, cookie, JSON.stringify({ on: false }));
    expect(off.status).toBe(200);
    const solution = await call(getSolution, { ...lab, file: 'Dockerfile' }, cookie);
    expect(solution.status).toBe(200);
    expect(await solution.json()).toEqual({ file: 'Dockerfile', text: labFile('multistage-go', 'solution/Dockerfile') });
  });

  it('limit a learner\'s writes to what a person does (429 with Retry-After)', async () => {
    const cookie = learnerCookie();
    const answers = [];
    for (let i = 0; i < 30; i++) answers.push(await call(putChallenge, lab, cookie, JSON.stringify({ on: i % 2 === 0 })));
    const refused = answers.filter((r) => r.status === 429);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]!.headers.get('retry-after')).toBe('1');
    // Another learner is not held back.
    expect((await call(putChallenge, lab, learnerCookie(), JSON.stringify({ on: true }))).status).toBe(200);
  });
});
