import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { forEachBackend, type TestDatabase } from '../support/backends.ts';
import { startTestService, waitFor, type RunningService } from '../support/service.ts';
import { startTarget, type Target } from '../support/target.ts';
import { expectedSource } from './support.ts';

/**
 * Webhook deliveries and FAULTS.md S9: every delivery checked with an off-the-shelf Standard Webhooks verifier (the
 * `standardwebhooks` package), a replay after 6 minutes, a rotation, and no secret in the log or the database.
 * Signed calls (`sign: true` on a task's HTTP action) do not exist yet, so S9 covers webhooks only.
 */
forEachBackend('webhooks', (backend) => {
  let db: TestDatabase;
  let svc: RunningService;
  let target: Target;
  let failuresLeft = 2;
  /** The service's log at info level, as JSON lines. */
  let logText = '';
  /** Every webhook secret handed out, by the path its webhook delivers to (a rotated one has two). */
  const secretsByPath = new Map<string, string[]>();
  /** Set once a delivery replayed 6 minutes later has been refused by the verifier's timestamp window. */
  let replayRefused = false;
  const remember = (url: string, secret: string) => {
    const path = new URL(url).pathname;
    secretsByPath.set(path, [...(secretsByPath.get(path) ?? []), secret]);
  };

  beforeAll(async () => {
    db = await backend.create();
    svc = await startTestService(db, {
      TICKWORK_WEBHOOK_BACKOFF_S: '0.05',
      TICKWORK_WEBHOOK_DISABLE_AFTER: '4',
      // The log sink on and info level, so every event and delivery outcome is logged where secrets could leak.
      TICKWORK_EVENT_LOG: 'true',
      TICKWORK_LOG_LEVEL: 'info',
      TICKWORK_SECRET_KEY: 'test-secret-key-0123456789abcdefghijklmnop',
    }, undefined, { write: (line: string) => void (logText += line) });
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
    remember(`${target.url}/flaky`, secret);
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
      expect(payload).toMatchObject({ specversion: '1.0', type: 'task.created', subject: `task/${task.id}`, source: await expectedSource(svc.db, 'default') });
      expect(h.headers['content-type']).toBe('application/cloudevents+json; charset=utf-8');
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
      replayRefused = true;
    } finally {
      spy.mockRestore();
    }
  });

  it('signs with the old and the new secret during the overlap after a rotation', async () => {
    const created = (await svc.api('/v1/webhooks', { body: { url: `${target.url}/rotated`, events: ['task.paused'] } })).body;
    remember(`${target.url}/rotated`, created.secret);
    const rotated = await svc.api(`/v1/webhooks/${created.id}/rotate-secret`, { method: 'POST' });
    remember(`${target.url}/rotated`, rotated.body.secret);
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
    remember(`${target.url}/dead`, created.secret);
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
    remember(`${target.url}/x`, ok.secret);
    expect((await svc.api(`/v1/webhooks/${ok.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await svc.api(`/v1/webhooks/${ok.id}`)).status).toBe(404);
  });

  it('S9: every delivery verifies with an off-the-shelf verifier, and no secret is in the log or the database', async () => {
    // A task whose headers carry secrets, called once, so its action passes through the API, the engine and events.
    const bearer = `tok-${randomBytes(16).toString('hex')}`;
    const apiKey = `key-${randomBytes(16).toString('hex')}`;
    const task = await svc.api('/v1/tasks', {
      body: { interval: 3600, http: { url: `${target.url}/secret-call`, headers: { Authorization: `Bearer ${bearer}`, 'X-Api-Key': apiKey } } },
    });
    expect(task.status).toBe(201);
    expect((await svc.api(`/v1/tasks/${task.body.id}/trigger`, { method: 'POST' })).status).toBe(202);
    const call = await waitFor('the call with secret headers', async () => target.hits('/secret-call')[0]);
    expect(call.headers.authorization).toBe(`Bearer ${bearer}`);
    expect(call.headers['x-api-key']).toBe(apiKey);
    await waitFor('the run logged as an event', async () => logText.includes(`"subject":"task/${task.body.id}"`) && logText.includes('run.succeeded'));

    // Verification rate: each delivery against every secret its webhook had (both, across a rotation).
    let deliveries = 0;
    let verified = 0;
    for (const hit of target.requests) {
      const secrets = secretsByPath.get(hit.path);
      if (secrets === undefined) continue;
      deliveries += 1;
      const ok = secrets.every((secret) => {
        try {
          new Webhook(secret).verify(hit.body, headersOf(hit.headers));
          return true;
        } catch {
          return false;
        }
      });
      if (ok) verified += 1;
    }

    // Every secret in each form it could be written: as given, its base64 key, and that key's bytes in hex (bytea).
    const webhookSecrets = [...secretsByPath.values()].flat();
    const needles = [
      ...webhookSecrets.flatMap((s) => [s, s.slice('whsec_'.length), Buffer.from(s.slice('whsec_'.length), 'base64').toString('hex')]),
      bearer,
      apiKey,
    ];
    const tables = await svc.db.query<{ name: string }>(
      `SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1`,
    );
    let dbText = '';
    for (const { name } of tables) {
      const rows = await svc.db.query<{ row: string }>(`SELECT t::text AS row FROM "${name}" t`);
      dbText += `${rows.map((r) => r.row).join('\n')}\n`;
    }
    const found = needles.flatMap((n) => [
      ...(logText.includes(n) ? [`log: ${n.slice(0, 12)}…`] : []),
      ...(dbText.includes(n) ? [`db: ${n.slice(0, 12)}…`] : []),
    ]);
    console.log(
      `figure: S9 [${backend.name}] verified ${verified} of ${deliveries}; replay ${replayRefused ? 'refused' : 'NOT refused'}; ` +
        `secrets in logs/db ${found.length} ` +
        `(${webhookSecrets.length} webhook secrets and 2 task header secrets searched in ${logText.split('\n').length - 1} log lines ` +
        `and ${tables.length} tables)`,
    );
    // The search sees what is there: the task's URL and header names in the database, its events in the log.
    expect(dbText).toContain(`${target.url}/secret-call`);
    expect(dbText).toContain('X-Api-Key');
    expect(logText).toContain(`${target.url}/secret-call`);
    expect(replayRefused).toBe(true);
    expect(deliveries).toBeGreaterThan(0);
    expect(verified).toBe(deliveries);
    expect(found).toEqual([]);
  });
});
