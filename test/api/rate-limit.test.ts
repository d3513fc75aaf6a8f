import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forEachBackend, type TestDatabase } from '../support/backends.ts';
import { startTestService, type RunningService } from '../support/service.ts';
import type { ApiKeyWithSecretJson } from '../support/api-types.ts';
import { rawRequest, type RawResponse } from './raw-request.ts';

/**
 * FAULTS.md S11: one rate-limit bucket per API key, counted by the key's id after authentication, so no spelling of
 * the header escapes it; failed authentications limited per client address before any database lookup.
 */

const RATE_LIMIT = 20;
const FAILURE_LIMIT = 10;

function expectLimited(r: RawResponse): void {
  expect(r.status).toBe(429);
  expect(r.headers['content-type']).toMatch(/problem\+json/);
  expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
  expect(JSON.parse(r.body)).toMatchObject({ code: 'rate_limited', status: 429 });
}

forEachBackend('rate limits (S11)', (backend) => {
  describe('behind a trusted proxy', () => {
    let db: TestDatabase;
    let svc: RunningService;
    beforeAll(async () => {
      db = await backend.create();
      svc = await startTestService(
        db,
        { TICKWORK_RATE_LIMIT: String(RATE_LIMIT), TICKWORK_AUTH_FAILURE_LIMIT: String(FAILURE_LIMIT), TICKWORK_TRUST_PROXY: 'true' },
        { api: true, engine: false },
      );
    });
    afterAll(async () => {
      await svc?.close();
      await db?.drop();
    });

    it('counts every spelling of one key in one bucket: no more than the limit is served', async () => {
      const created = await svc.api<ApiKeyWithSecretJson>('/v1/api-keys', { body: { name: 'spellings', scopes: ['read'] } });
      expect(created.status).toBe(201);
      const k: string = created.body.key;
      const variants: Record<string, string>[] = [
        { authorization: `Bearer ${k}` },
        { authorization: `bearer ${k}` },
        { authorization: `Bearer  ${k}` },
        { authorization: `Bearer\t${k}` },
        { 'x-api-key': k },
      ];
      const from = { 'x-forwarded-for': '198.51.100.10' };
      let served = 0;
      let limited = 0;
      // Each spelling authenticates (before the bucket runs out), then all of them together, three times the limit.
      for (const v of variants) {
        const r = await rawRequest(svc.url, 'GET', '/v1/tasks?limit=1', { ...v, ...from });
        expect(r.status, JSON.stringify(Object.keys(v))).toBe(200);
        served++;
      }
      for (let i = 0; i < 3 * RATE_LIMIT; i++) {
        const r = await rawRequest(svc.url, 'GET', '/v1/tasks?limit=1', { ...variants[i % variants.length], ...from });
        if (r.status === 200) served++;
        else {
          expectLimited(r);
          limited++;
        }
      }
      console.log(`figure: S11 [${backend.name}] requests past the limit: ${Math.max(0, served - RATE_LIMIT)} (${served} served, ${limited} limited, limit ${RATE_LIMIT})`);
      expect(served).toBeLessThanOrEqual(RATE_LIMIT);
      expect(limited).toBeGreaterThan(0);
      // Another key keeps its own bucket.
      expect((await svc.api('/v1/tasks?limit=1')).status).toBe(200);
    });

    it('answers 429 to an address past its failed authentications, before looking any key up, while other addresses are served', async () => {
      const attacker = { 'x-forwarded-for': '203.0.113.7' };
      const statuses: number[] = [];
      let firstLimited: RawResponse | null = null;
      for (let i = 0; i < FAILURE_LIMIT + 15; i++) {
        const guess: Record<string, string> = i % 3 === 0 ? {} : i % 3 === 1 ? { authorization: `Bearer tw_guess_${i}` } : { 'x-api-key': `tw_guess_${i}` };
        const r = await rawRequest(svc.url, 'GET', '/v1/tasks', { ...guess, ...attacker });
        statuses.push(r.status);
        if (r.status === 401) expect(r.headers['www-authenticate']).toMatch(/^Bearer/);
        if (r.status === 429) {
          expectLimited(r);
          firstLimited ??= r;
        }
      }
      expect(statuses.filter((s) => s === 401)).toHaveLength(FAILURE_LIMIT);
      expect(statuses.slice(FAILURE_LIMIT).every((s) => s === 429)).toBe(true);
      expect(firstLimited).not.toBeNull();

      // A valid key this process has not seen is refused from there too: the decision is made without a lookup.
      const fresh = await svc.api<ApiKeyWithSecretJson>('/v1/api-keys', { body: { name: 'never used', scopes: ['read'] } });
      expectLimited(await rawRequest(svc.url, 'GET', '/v1/tasks', { authorization: `Bearer ${fresh.body.key}`, ...attacker }));
      // From another address the same key, and any valid key, is served.
      expect((await rawRequest(svc.url, 'GET', '/v1/tasks', { authorization: `Bearer ${fresh.body.key}`, 'x-forwarded-for': '192.0.2.44' })).status).toBe(200);
      // Now seen valid, the key works from the limited address as well (a colleague behind the same NAT).
      expect((await rawRequest(svc.url, 'GET', '/v1/tasks', { authorization: `Bearer ${fresh.body.key}`, ...attacker })).status).toBe(200);
      // Public routes and unmatched paths look no key up, so they are not limited by failures.
      expect((await rawRequest(svc.url, 'GET', '/v1/health', attacker)).status).toBe(200);
      expect((await rawRequest(svc.url, 'GET', '/v1/no-such-route', attacker)).status).toBe(404);
    });

    it('counts an IPv6 client by its /64, so hopping addresses inside it does not reset the count', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < FAILURE_LIMIT + 3; i++) {
        const r = await rawRequest(svc.url, 'GET', '/v1/tasks', { 'x-forwarded-for': `2001:db8:1:2::${(i + 1).toString(16)}` });
        statuses.push(r.status);
      }
      expect(statuses.slice(0, FAILURE_LIMIT).every((s) => s === 401)).toBe(true);
      expect(statuses.slice(FAILURE_LIMIT).every((s) => s === 429)).toBe(true);
    });
  });

  describe('without a trusted proxy', () => {
    let db: TestDatabase;
    let svc: RunningService;
    beforeAll(async () => {
      db = await backend.create();
      svc = await startTestService(db, { TICKWORK_AUTH_FAILURE_LIMIT: String(FAILURE_LIMIT) }, { api: true, engine: false });
    });
    afterAll(async () => {
      await svc?.close();
      await db?.drop();
    });

    it('ignores X-Forwarded-For, so a client cannot name a new address for each guess', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < FAILURE_LIMIT + 5; i++) {
        const r = await rawRequest(svc.url, 'GET', '/v1/tasks', { authorization: `Bearer tw_guess_${i}`, 'x-forwarded-for': `198.51.100.${i + 1}` });
        statuses.push(r.status);
      }
      expect(statuses.filter((s) => s === 401)).toHaveLength(FAILURE_LIMIT);
      expect(statuses.at(-1)).toBe(429);
    });
  });
});
