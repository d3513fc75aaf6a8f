import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { forEachBackend, type TestDatabase } from '../support/backends.ts';
import { startTestService, waitFor, type RunningService } from '../support/service.ts';
import { startTarget, type Target } from '../support/target.ts';

forEachBackend('webhooks', (backend) => {
  let db: TestDatabase;
  let svc: RunningService;
  let target: Target;
  let failuresLeft = 2;

  beforeAll(async () => {
    db = await backend.create();
    svc = await startTestService(db, {
      TICKWORK_WEBHOOK_BACKOFF_S: '0.05',
      TICKWORK_WEBHOOK_DISABLE_AFTER: '4',
      TICKWORK_EVENT_LOG: 'false',
      TICKWORK_SECRET_KEY: 'test-secret-key-0123456789abcdefghijklmnop',
    });
    target = await startTarget();
    target.on('/flaky', (_req, res) => {
      res.writeHead(failuresLeft-- > 0 ? 503 : 204);
      res.end();
    });
    target.on('/dead', (_req, res) => {
      res.writeHead(500);
      res.end();
    });
  });
  afterAll(async () => {
    await svc?.close();
    await target?.close();
    await db?.drop();
  });

  const headersOf = (h: Record<string, string | string[] | undefined>) => ({
    'webhook-id': String(h['webhook-id']), 'webhook-timestamp': String(h['webhook-timestamp']), 'webhook-signature': String(h['webhook-signature']),
  });

  it('signs deliveries per Standard Webhooks, retries a failing receiver until it succeeds, refuses a replay', async () => {
    const created = await svc.api('/v1/webhooks', { body: { url: `${target.url}/flaky`, events: ['task.*'] } });
    expect(created.status).toBe(201);
    const { id, secret } = created.body;
    expect(secret).toMatch(/^whsec_/);
    const stored = await svc.db.query<{ secret_enc: string }>('SELECT secret_enc FROM webhooks WHERE id = $1', [id]);
    expect(stored[0]!.secret_enc).not.toContain(secret.slice(6));
    expect((await svc.api(`/v1/webhooks/${id}`)).body).not.toHaveProperty('secret');

    const task = (await svc.api('/v1/tasks', { body: { expires_at: new Date(Date.now() + 3_600_000).toISOString() } })).body;
    await waitFor('a successful delivery', async () => target.hits('/flaky').length >= 3);
    const hits = target.hits('/flaky');
    expect(hits).toHaveLength(3);
    const wh = new Webhook(secret);
    for (const h of hits) {
      const payload = wh.verify(h.body, headersOf(h.headers)) as any;
      expect(payload).toMatchObject({ specversion: '1.0', type: 'task.created', subject: `task/${task.id}`, source: 'tickwork/default' });
      expect(h.headers['webhook-id']).toBe(payload.id);
    }
    const deliveries = await waitFor('the delivery recorded', async () => {
      const r = await svc.api(`/v1/webhooks/${id}/deliveries`);
      return r.body.items[0]?.status === 'succeeded' ? r.body.items : null;
    });
    expect(deliveries[0]).toMatchObject({ status: 'succeeded', attempts: 3, http_status: 204 });

    // The same delivery replayed six minutes later: the receiver's verifier refuses it by its timestamp.
    const last = hits.at(-1)!;
    const now = Date.now();
    const spy = vi.spyOn(Date, 'now').mockReturnValue(now + 6 * 60_000);
    try {
      expect(() => wh.verify(last.body, headersOf(last.headers))).toThrow(/too old/);
    } finally {
      spy.mockRestore();
    }
  });

  it('signs with the old and the new secret during the overlap after a rotation', async () => {
    const created = (await svc.api('/v1/webhooks', { body: { url: `${target.url}/rotated`, events: ['task.paused'] } })).body;
    const rotated = await svc.api(`/v1/webhooks/${created.id}/rotate-secret`, { method: 'POST' });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(created.secret);
    expect(rotated.body.previous_secret_expires_at).not.toBeNull();
    const task = (await svc.api('/v1/tasks', { body: { interval: 3600, http: { url: `${target.url}/ok` } } })).body;
    await svc.api(`/v1/tasks/${task.id}/pause`, { method: 'POST' });
    const hit = await waitFor('the delivery', async () => target.hits('/rotated')[0]);
    expect(String(hit.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(new Webhook(created.secret).verify(hit.body, headersOf(hit.headers))).toMatchObject({ type: 'task.paused' });
    expect(new Webhook(rotated.body.secret).verify(hit.body, headersOf(hit.headers))).toMatchObject({ type: 'task.paused' });
  });

  it('disables a webhook after a long failure streak with a webhook.disabled event', async () => {
    const created = (await svc.api('/v1/webhooks', { body: { url: `${target.url}/dead`, events: ['*'] } })).body;
    await svc.api('/v1/tasks', { body: { expires_at: new Date(Date.now() + 3_600_000).toISOString() } });
    const event = await waitFor('webhook.disabled', async () => {
      const r = await svc.api('/v1/events?type=webhook.*&limit=500');
      return r.body.items.find((e: any) => e.subject.id === created.id);
    });
    expect(event).toMatchObject({ type: 'webhook.disabled', subject: { kind: 'webhook', id: created.id }, data: { failure_streak: 4 } });
    expect((await svc.api(`/v1/webhooks/${created.id}`)).body.state).toBe('disabled');
    expect(target.hits('/dead')).toHaveLength(4);
  });

  it('refuses webhook URLs that break target safety and unknown fields; deletes', async () => {
    const bad = await svc.api('/v1/webhooks', { body: { url: 'ftp://example.com/x', events: ['run.*'], secret: 'nope' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: any) => e.field).sort()).toEqual(['secret', 'url']);
    const ok = (await svc.api('/v1/webhooks', { body: { url: `${target.url}/x`, events: ['run.*'] } })).body;
    expect((await svc.api(`/v1/webhooks/${ok.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await svc.api(`/v1/webhooks/${ok.id}`)).status).toBe(404);
  });
});
