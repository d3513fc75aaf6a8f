import { afterAll, beforeAll, expect, it } from 'vitest';
import { advanceClock, forEachBackend, type TestDatabase } from '../support/backends.ts';
import { startTestService, waitFor, type RunningService } from '../support/service.ts';
import type { CheckJson, Page, ProblemJson } from '../support/api-types.ts';

interface MonitorJson {
  id: number;
  type: string;
  status: string;
  ping_url: string | null;
  period: number | null;
  grace: number | null;
  last_ping_at: string | null;
}

forEachBackend('heartbeat monitors', (backend) => {
  let db: TestDatabase;
  let svc: RunningService;

  beforeAll(async () => {
    db = await backend.create();
    // Ping tokens are sealed under the secret key (scaled out, it must be set; embedded, one is generated).
    svc = await startTestService(db, { TICKWORK_SECRET_KEY: 'heartbeat-test-secret-key-0123456789abcdef' });
  });
  afterAll(async () => {
    await svc?.close();
    await db?.drop();
  });

  const fieldsOf = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field).sort();
  const monitor = async (id: number) => (await svc.api<MonitorJson>(`/v1/monitors/${id}`)).body;
  const events = async (id: number, type: string) =>
    (await svc.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM events WHERE subject_kind = 'monitor' AND subject_id = $1 AND type = $2",
      [id, type],
    ))[0]?.n ?? 0;
  /** The ping path of a ping_url, sent to this service (without an API key). */
  const ping = (m: MonitorJson, method = 'GET', init: { body?: string; headers?: Record<string, string> } = {}) =>
    fetch(`${svc.url}${new URL(m.ping_url ?? '').pathname}`, { method, ...init });

  it('creates a heartbeat with a ping URL that its owner can read again, pending until the first ping', async () => {
    const r = await svc.api('/v1/monitors', { body: { type: 'heartbeat', period: '5m', grace: 30 } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const m = r.body as MonitorJson;
    expect(m).toMatchObject({ type: 'heartbeat', status: 'pending', period: 300, grace: 30, last_ping_at: null });
    expect(m.ping_url).toMatch(new RegExp(`^${svc.url}/v1/ping/hb_[A-Za-z0-9_-]+$`));
    expect((await monitor(m.id)).ping_url).toBe(m.ping_url);
    // The token is a secret: it never travels in events.
    const [row] = await svc.db.query<{ data: unknown }>("SELECT data FROM events WHERE type = 'monitor.created' AND subject_id = $1", [m.id]);
    expect(JSON.stringify(row?.data)).not.toContain(new URL(m.ping_url ?? '').pathname.split('/').pop());
    const [stored] = await svc.db.query<{ hash: string; enc: string }>('SELECT ping_token_hash AS hash, ping_token_enc AS enc FROM monitors WHERE id = $1', [m.id]);
    expect(`${stored?.hash} ${stored?.enc}`).not.toContain(new URL(m.ping_url ?? '').pathname.split('/').pop());
  });

  it('names the fields a heartbeat does not take, and those only a heartbeat takes', async () => {
    const r = await svc.api<ProblemJson>('/v1/monitors', { body: { type: 'heartbeat', url: 'https://example.com/', regexp: 'x', grace: 5 } });
    expect(r.status).toBe(400);
    expect(fieldsOf(r.body)).toEqual(['regexp', 'url']);
    const r2 = await svc.api<ProblemJson>('/v1/monitors', { body: { type: 'heartbeat' } });
    expect(r2.status).toBe(400);
    expect(fieldsOf(r2.body)).toEqual(['period']);
    const r3 = await svc.api<ProblemJson>('/v1/monitors', { body: { url: 'https://example.com/', period: 60 } });
    expect(fieldsOf(r3.body)).toEqual(['period']);
    const r4 = await svc.api<ProblemJson>('/v1/monitors', { body: { type: 'heartbeat', period: 0, grace: '2x' } });
    expect(fieldsOf(r4.body)).toEqual(['grace', 'period']);
    const created = (await svc.api<MonitorJson>('/v1/monitors', { body: { type: 'heartbeat', period: 60 } })).body;
    const r5 = await svc.api<ProblemJson>(`/v1/monitors/${created.id}`, { method: 'PATCH', body: { type: 'http' } });
    expect(fieldsOf(r5.body)).toEqual(['type']);
  });

  it('answers an unknown or malformed token without an API key: 404 and 400', async () => {
    expect((await fetch(`${svc.url}/v1/ping/hb_${'x'.repeat(32)}`)).status).toBe(404);
    expect((await fetch(`${svc.url}/v1/ping/nope`)).status).toBe(400);
  });

  it('goes down when no ping comes within period + grace, and up on the next ping, one event each', async () => {
    const m = (await svc.api<MonitorJson>('/v1/monitors', { body: { type: 'heartbeat', period: 60, grace: 10 } })).body;
    // A ping (GET, no API key) makes it up; no monitor.up for the first success.
    const first = await ping(m);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ ok: true, monitor_id: m.id, status: 'up' });
    expect((await monitor(m.id)).status).toBe('up');

    // 71 s without a ping (by the database clock): the checker records a missed ping and the monitor goes down.
    await advanceClock(svc.db, 71_000);
    const down = await waitFor('the heartbeat to go down', async () => {
      const now = await monitor(m.id);
      return now.status === 'down' ? now : null;
    });
    expect(down.last_ping_at).not.toBeNull();
    const checks = (await svc.api<Page<CheckJson>>(`/v1/monitors/${m.id}/checks`)).body.items;
    expect(checks[0]).toMatchObject({ ok: false, error: expect.stringMatching(/no ping within the period and grace/) });
    expect(checks[1]).toMatchObject({ ok: true, error: null });
    // Another period without a ping: still down, another failed check, no second event.
    await advanceClock(svc.db, 60_000);
    await waitFor('a second missed ping', async () => ((await svc.api<Page<CheckJson>>(`/v1/monitors/${m.id}/checks`)).body.items.length >= 3 ? true : null));
    expect(await events(m.id, 'monitor.down')).toBe(1);

    // A POST with any body and content type (a job's output) brings it up.
    const back = await ping(m, 'POST', { body: 'backup finished in 42 s', headers: { 'content-type': 'text/plain' } });
    expect(back.status).toBe(200);
    expect((await monitor(m.id)).status).toBe('up');
    expect(await events(m.id, 'monitor.up')).toBe(1);
    expect(await events(m.id, 'monitor.down')).toBe(1);
    // Uptime counts pings and missed deadlines; a heartbeat calls nothing, so it has no latency.
    const figures = (await svc.api(`/v1/monitors/${m.id}`)).body as { uptime: Record<string, number>; latency_ms: unknown };
    expect(figures.uptime['24h']).toBe(50);
    expect(figures.latency_ms).toEqual({ p50: null, p95: null });
  });

  it('keeps counting from the last ping: a ping moves the deadline', async () => {
    const m = (await svc.api<MonitorJson>('/v1/monitors', { body: { type: 'heartbeat', period: 60, grace: 0 } })).body;
    for (let i = 0; i < 3; i++) {
      await advanceClock(svc.db, 50_000);
      expect((await ping(m)).status).toBe(200);
    }
    const checks = (await svc.api<Page<CheckJson>>(`/v1/monitors/${m.id}/checks`)).body.items;
    expect(checks.map((c) => c.ok)).toEqual([true, true, true]);
    expect((await monitor(m.id)).status).toBe('up');
  });

  it('refuses pings of a deleted heartbeat and keeps its history', async () => {
    const m = (await svc.api<MonitorJson>('/v1/monitors', { body: { type: 'heartbeat', period: 60 } })).body;
    expect((await ping(m)).status).toBe(200);
    expect((await svc.api(`/v1/monitors/${m.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await ping(m)).status).toBe(404);
    expect((await svc.api<Page<CheckJson>>(`/v1/monitors/${m.id}/checks`)).body.items).toHaveLength(1);
  });
});
