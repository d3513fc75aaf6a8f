import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forEachBackend, type TestDatabase } from '../support/backends.ts';
import { startTestService, waitFor, type RunningService } from '../support/service.ts';
import type { CheckJson, MonitorJson, Page, ProblemJson } from '../support/api-types.ts';
import { startTarget, type Target } from '../support/target.ts';

/** A port on which nothing listens (bound, then released). */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const addr = s.address();
  await new Promise<void>((r) => s.close(() => r()));
  if (addr === null || typeof addr === 'string') throw new Error('no port');
  return addr.port;
}

forEachBackend('monitors', (backend) => {
  let db: TestDatabase;
  let svc: RunningService;
  let target: Target;
  let healthy = true;

  beforeAll(async () => {
    db = await backend.create();
    svc = await startTestService(db);
    target = await startTarget();
    target.on('/status', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('all systems operational');
    });
    target.on('/broken', (_req, res) => {
      res.writeHead(500);
      res.end('oops');
    });
    target.on('/hang', () => {
      /* never answers */
    });
    target.on('/flaky', (_req, res) => {
      res.writeHead(healthy ? 200 : 503);
      res.end(healthy ? 'fine' : 'unavailable');
    });
  });
  afterAll(async () => {
    await svc?.close();
    await target?.close();
    await db?.drop();
  });

  const create = async (body: Record<string, unknown>) => {
    const r = await svc.api<MonitorJson>('/v1/monitors', { body });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body as { id: number };
  };
  const checks = async (id: number) => (await svc.api<Page<CheckJson>>(`/v1/monitors/${id}/checks`)).body.items;
  const firstCheck = (id: number) => waitFor(`a check of monitor ${id}`, async () => (await checks(id))[0]);
  const eventCount = async (id: number, type: string) => {
    const [row] = await svc.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM events WHERE subject_kind = 'monitor' AND subject_id = $1 AND type = $2",
      [id, type],
    );
    return row?.n ?? 0;
  };
  const fieldsOf = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field);

  describe('validation', () => {
    it('refuses an invalid regexp at creation, naming regexp', async () => {
      const r = await svc.api<ProblemJson>('/v1/monitors', { body: { url: `${target.url}/status`, regexp: '(unclosed' } });
      expect(r.status).toBe(400);
      expect(fieldsOf(r.body)).toEqual(['regexp']);
    });

    it('names every bad field: url scheme, interval, failure_threshold, unknown fields', async () => {
      const r = await svc.api<ProblemJson>('/v1/monitors', { body: { url: 'ftp://example.com/', interval: 0, failure_threshold: 0 } });
      expect(r.status).toBe(400);
      expect(fieldsOf(r.body)).toEqual(expect.arrayContaining(['interval', 'failure_threshold']));
      const r2 = await svc.api<ProblemJson>('/v1/monitors', { body: { url: 'ftp://example.com/' } });
      expect(fieldsOf(r2.body)).toEqual(['url']);
      // A schema error (failure_threshold) does not hide the url and regexp checks.
      const mixed = await svc.api<ProblemJson>('/v1/monitors', { body: { url: 'not a url', regexp: '(', failure_threshold: 0 } });
      expect(fieldsOf(mixed.body).sort()).toEqual(['failure_threshold', 'regexp', 'url']);
      const r4 = await svc.api<MonitorJson>('/v1/monitors', { body: { url: `${target.url}/every-5m`, interval: '5m' } });
      expect(r4.status).toBe(201);
      expect(r4.body.interval).toBe(300);
      expect(fieldsOf((await svc.api<ProblemJson>('/v1/monitors', { body: { url: `${target.url}/x`, interval: '5 minutes' } })).body)).toEqual(['interval']);
      const r3 = await svc.api<ProblemJson>('/v1/monitors', { body: { url: `${target.url}/`, colour: 'red' } });
      expect(fieldsOf(r3.body)).toEqual(['colour']);
    });
  });

  describe('creating and reading', () => {
    it('creates with the documented defaults and runs the first check at once', async () => {
      const r = await svc.api<MonitorJson>('/v1/monitors', { body: { url: `${target.url}/status`, interval: 3600 } });
      expect(r.status).toBe(201);
      expect(r.headers.get('location')).toBe(`/v1/monitors/${r.body.id}`);
      expect(r.body).toMatchObject({ status: 'pending', active: true, interval: 3600, failure_threshold: 1, method: 'GET', regexp: null, uptime: { '24h': null, '7d': null, '30d': null } });
      const m = await waitFor('the first check', async () => {
        const g = await svc.api<MonitorJson>(`/v1/monitors/${r.body.id}`);
        return g.body.last_check !== null ? g.body : null;
      });
      expect(m.status).toBe('up');
      expect(m.last_check).toMatchObject({ ok: true, status_code: 200, matched: null, error: null });
      expect(m.uptime['24h']).toBe(100);
      expect(m.latency_ms.p50).toEqual(expect.any(Number));
    });

    it('returns the existing monitor (200) for the same url and regexp, applying the other fields', async () => {
      const a = await create({ url: `${target.url}/status`, regexp: 'operational', interval: 3600 });
      const b = await svc.api<MonitorJson>('/v1/monitors', { body: { url: `${target.url}/status`, regexp: 'operational', interval: 1800, failure_threshold: 3 } });
      expect(b.status).toBe(200);
      expect(b.body).toMatchObject({ id: a.id, interval: 1800, failure_threshold: 3 });
      const list = await svc.api<Page<MonitorJson>>('/v1/monitors?limit=100');
      expect(list.body.items.filter((m: { id: number }) => m.id === a.id)).toHaveLength(1);
    });

    it('pages the list with a cursor', async () => {
      for (let i = 0; i < 3; i++) await create({ url: `${target.url}/status?page=${i}`, interval: 3600 });
      const first = await svc.api<Page<MonitorJson>>('/v1/monitors?limit=2');
      expect(first.body.items).toHaveLength(2);
      const second = await svc.api<Page<MonitorJson>>(`/v1/monitors?limit=2&cursor=${first.body.next_cursor}`);
      expect(second.body.items[0]?.id).toBeGreaterThan(first.body.items[1]?.id ?? NaN);
    });

    it('answers 404 for an unknown monitor', async () => {
      expect((await svc.api('/v1/monitors/999999')).status).toBe(404);
      expect((await svc.api('/v1/monitors/999999/checks')).status).toBe(404);
    });
  });

  describe('checks against a real server', () => {
    it('records a regexp match', async () => {
      const m = await create({ url: `${target.url}/status`, regexp: 'operational$', interval: 3600 });
      expect(await firstCheck(m.id)).toMatchObject({ ok: true, matched: true, status_code: 200, error: null });
    });

    it('records a regexp mismatch as a failure naming the pattern', async () => {
      const m = await create({ url: `${target.url}/status`, regexp: 'degraded', interval: 3600 });
      const c = await firstCheck(m.id);
      expect(c).toMatchObject({ ok: false, matched: false, status_code: 200 });
      expect(c.error).toContain('degraded');
      expect((await svc.api<MonitorJson>(`/v1/monitors/${m.id}`)).body.status).toBe('down');
    });

    it('records an unexpected status, and accepts it when expect_status names it', async () => {
      const m = await create({ url: `${target.url}/broken`, interval: 3600 });
      const c = await firstCheck(m.id);
      expect(c).toMatchObject({ ok: false, status_code: 500 });
      expect(c.error).toContain('500');
      const expected = await create({ url: `${target.url}/broken?expected`, expect_status: 500, interval: 3600 });
      expect(await firstCheck(expected.id)).toMatchObject({ ok: true, status_code: 500 });
    });

    it('records a timeout, naming it', async () => {
      const m = await create({ url: `${target.url}/hang`, timeout_ms: 300, interval: 3600 });
      const c = await firstCheck(m.id);
      expect(c).toMatchObject({ ok: false, status_code: null });
      expect(c.error).toMatch(/^timeout/);
    });

    it('records a refused connection, naming it', async () => {
      const port = await closedPort();
      const m = await create({ url: `http://127.0.0.1:${port}/`, interval: 3600 });
      const c = await firstCheck(m.id);
      expect(c).toMatchObject({ ok: false, status_code: null });
      expect(c.error).toMatch(/refused/);
    });
  });

  describe('state machine', () => {
    it('goes down after failure_threshold failures and up on recovery, with one event each', async () => {
      healthy = true;
      const m = await create({ url: `${target.url}/flaky`, interval: 1, failure_threshold: 2 });
      await waitFor('up', async () => (await svc.api<MonitorJson>(`/v1/monitors/${m.id}`)).body.status === 'up');
      healthy = false;
      await waitFor('down', async () => (await svc.api<MonitorJson>(`/v1/monitors/${m.id}`)).body.status === 'down');
      const failedBeforeDown = (await checks(m.id)).filter((c) => !c.ok).length;
      expect(failedBeforeDown).toBeGreaterThanOrEqual(2);
      // More failures while down are no new transition.
      const seen = (await checks(m.id)).length;
      await waitFor('two more failed checks', async () => (await checks(m.id)).length >= seen + 2);
      expect(await eventCount(m.id, 'monitor.down')).toBe(1);
      healthy = true;
      await waitFor('up again', async () => (await svc.api<MonitorJson>(`/v1/monitors/${m.id}`)).body.status === 'up');
      const upAt = (await checks(m.id)).length;
      await waitFor('two more ok checks', async () => (await checks(m.id)).length >= upAt + 2);
      expect(await eventCount(m.id, 'monitor.down')).toBe(1);
      expect(await eventCount(m.id, 'monitor.up')).toBe(1);
      expect(await eventCount(m.id, 'monitor.created')).toBe(1);
    });

    it('emits no monitor.up for the first success', async () => {
      const m = await create({ url: `${target.url}/status?first`, interval: 3600 });
      await firstCheck(m.id);
      expect(await eventCount(m.id, 'monitor.up')).toBe(0);
    });
  });

  describe('deleting', () => {
    it('stops checks, keeps the history, and still answers GET with active false', async () => {
      const m = await create({ url: `${target.url}/status?deleted`, interval: 1 });
      await waitFor('two checks', async () => (await checks(m.id)).length >= 2);
      expect((await svc.api(`/v1/monitors/${m.id}`, { method: 'DELETE' })).status).toBe(204);
      const kept = (await checks(m.id)).length;
      // A monitor created after the delete gets two checks: the deleted one had the same chances to be checked.
      const other = await create({ url: `${target.url}/status?after-delete`, interval: 1 });
      await waitFor('two checks of another monitor', async () => (await checks(other.id)).length >= 2);
      expect((await checks(m.id)).length).toBe(kept);
      const g = await svc.api<MonitorJson>(`/v1/monitors/${m.id}`);
      expect(g.status).toBe(200);
      expect(g.body).toMatchObject({ active: false, next_check_at: null });
      expect(await eventCount(m.id, 'monitor.deleted')).toBe(1);
      // Deleting again is a no-op; creating it again reactivates it.
      expect((await svc.api(`/v1/monitors/${m.id}`, { method: 'DELETE' })).status).toBe(204);
      expect(await eventCount(m.id, 'monitor.deleted')).toBe(1);
      const again = await svc.api<MonitorJson>('/v1/monitors', { body: { url: `${target.url}/status?deleted`, interval: 3600 } });
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ id: m.id, active: true });
      await waitFor('a check after reactivation', async () => (await checks(m.id)).length > kept);
    });

    it('updates with PATCH and checks at once with the new settings', async () => {
      const m = await create({ url: `${target.url}/status?patch`, interval: 3600 });
      await firstCheck(m.id);
      const p = await svc.api<MonitorJson>(`/v1/monitors/${m.id}`, { method: 'PATCH', body: { regexp: 'nothing-like-this', failure_threshold: 1 } });
      expect(p.status).toBe(200);
      expect(p.body.regexp).toBe('nothing-like-this');
      await waitFor('a failed check with the new regexp', async () => (await checks(m.id))[0]?.matched === false);
      const bad = await svc.api<ProblemJson>(`/v1/monitors/${m.id}`, { method: 'PATCH', body: { regexp: '[' } });
      expect(bad.status).toBe(400);
      expect(fieldsOf(bad.body)).toEqual(['regexp']);
    });
  });
});
