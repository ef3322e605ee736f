import { afterEach, describe, expect, it } from 'vitest';
import { ProgressStore } from '../progress/progress-store.ts';
import { InstructorStore } from './instructor-store.ts';
import { login } from './login.ts';
import { hashPassword } from './password.ts';

let progress: ProgressStore;
afterEach(() => progress.close());
const limits = { failuresPerAccount: 3, failuresPerAddress: 5, windowMs: 15 * 60_000, sessionMs: 3600_000 };

async function setup() {
  progress = new ProgressStore(':memory:');
  const store = new InstructorStore(progress.database());
  store.upsert('Ada@Example.org', 'Ada', await hashPassword('a long password'));
  return store;
}

describe('instructor login', () => {
  it('opens a session for the right password (email in any case), which logout ends', async () => {
    const store = await setup();
    const outcome = await login(store, { email: ' ada@example.ORG', password: 'a long password', address: '10.0.0.1' }, limits);
    expect(outcome).toMatchObject({ ok: true, name: 'Ada' });
    const sessionId = (outcome as { sessionId: string }).sessionId;
    expect(store.sessionInstructor(sessionId)?.email).toBe('ada@example.org');
    store.closeSession(sessionId);
    expect(store.sessionInstructor(sessionId)).toBeUndefined();
  });

  it('a session expires', async () => {
    const store = await setup();
    const id = store.openSession(store.byEmail('ada@example.org')!.instructor.id, 1000, 0);
    expect(store.sessionInstructor(id, 999)).toBeDefined();
    expect(store.sessionInstructor(id, 1000)).toBeUndefined();
  });

  it('says the same for a wrong password and an unknown account', async () => {
    const store = await setup();
    expect(await login(store, { email: 'ada@example.org', password: 'wrong', address: 'a' }, limits)).toEqual({ ok: false, status: 401, error: 'wrong email or password' });
    expect(await login(store, { email: 'nobody@example.org', password: 'wrong', address: 'a' }, limits)).toEqual({ ok: false, status: 401, error: 'wrong email or password' });
  });

  it('locks an account after too many failures, even for the right password, until the window passes', async () => {
    const store = await setup();
    for (let i = 0; i < 3; i++) await login(store, { email: 'ada@example.org', password: 'guess', address: `10.0.0.${i}` }, limits, 0);
    expect(await login(store, { email: 'ada@example.org', password: 'a long password', address: '10.9.9.9' }, limits, 1000)).toMatchObject({ ok: false, status: 429 });
    expect(await login(store, { email: 'ada@example.org', password: 'a long password', address: '10.9.9.9' }, limits, limits.windowMs + 1)).toMatchObject({ ok: true });
  });

  it('limits one address trying many accounts', async () => {
    const store = await setup();
    for (let i = 0; i < 5; i++) await login(store, { email: `user${i}@example.org`, password: 'guess', address: '10.0.0.1' }, limits, 0);
    expect(await login(store, { email: 'ada@example.org', password: 'a long password', address: '10.0.0.1' }, limits, 10)).toMatchObject({ ok: false, status: 429 });
    expect(await login(store, { email: 'ada@example.org', password: 'a long password', address: '10.0.0.2' }, limits, 10)).toMatchObject({ ok: true });
  });

  it('a new password ends the open sessions', async () => {
    const store = await setup();
    const id = store.openSession(store.byEmail('ada@example.org')!.instructor.id, 60_000);
    store.upsert('ada@example.org', 'Ada', await hashPassword('another long one'));
    expect(store.sessionInstructor(id)).toBeUndefined();
  });
});
