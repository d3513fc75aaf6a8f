import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { forEachBackend, type TestDatabase } from '../support/backends.ts';
import { startTestService, waitFor, type RunningService } from '../support/service.ts';
import { found } from '../support/found.ts';
import type { ApiKeyWithSecretJson, DeliveryJson, EventJson, HttpTaskJson, Page, ProblemJson, RunCreatedJson, RunJson, SigningSecretJson, TaskJson, WebhookJson, WebhookTestedJson, WebhookWithSecretJson } from '../support/api-types.ts';
import { startTarget, type Target, type TargetRequest } from '../support/target.ts';
import { expectedSource } from './support.ts';

/**
 * Webhook deliveries and FAULTS.md S9: every delivery checked with an off-the-shelf Standard Webhooks verifier (the
 * `standardwebhooks` package), a replay after 6 minutes, a rotation, and no secret in the log or the database; the
 * same for signed task calls (`sign: true`, the tenant's signing secret from POST /v1/signing-secret/rotate).
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
  /** Signed task calls with the signing secrets live when each was made (two during the overlap of a rotation). */
  const signedCalls: { hit: TargetRequest; secrets: string[] }[] = [];
  let signedReplayRefused = false;
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
    const created = await svc.api<WebhookWithSecretJson>('/v1/webhooks', { body: { url: `${target.url}/flaky`, events: ['task.*'] } });
    expect(created.status).toBe(201);
    const { id, secret } = created.body;
    expect(secret).toMatch(/^whsec_/);
    remember(`${target.url}/flaky`, secret);
    const stored = await svc.db.query<{ secret_enc: string }>('SELECT secret_enc FROM webhooks WHERE id = $1', [id]);
    expect(stored[0]!.secret_enc).not.toContain(secret.slice(6));
    expect((await svc.api(`/v1/webhooks/${id}`)).body).not.toHaveProperty('secret');

    const task = (await svc.api<TaskJson>('/v1/tasks', { body: { expires_at: new Date(Date.now() + 3_600_000).toISOString() } })).body;
    await waitFor('a successful delivery', async () => target.hits('/flaky').length >= 3);
    const hits = target.hits('/flaky');
    expect(hits).toHaveLength(3);
    const wh = new Webhook(secret);
    for (const h of hits) {
      const payload = wh.verify(h.body, headersOf(h.headers)) as { id: unknown };
      expect(payload).toMatchObject({ specversion: '1.0', type: 'task.created', subject: `task/${task.id}`, source: await expectedSource(svc.db, 'default') });
      expect(h.headers['content-type']).toBe('application/cloudevents+json; charset=utf-8');
      expect(h.headers['webhook-id']).toBe(payload.id);
    }
    const deliveries = await waitFor('the delivery recorded', async () => {
      const r = await svc.api<Page<DeliveryJson>>(`/v1/webhooks/${id}/deliveries`);
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
    const created = (await svc.api<WebhookWithSecretJson>('/v1/webhooks', { body: { url: `${target.url}/rotated`, events: ['task.paused'] } })).body;
    remember(`${target.url}/rotated`, created.secret);
    const rotated = await svc.api<WebhookWithSecretJson>(`/v1/webhooks/${created.id}/rotate-secret`, { method: 'POST' });
    remember(`${target.url}/rotated`, rotated.body.secret);
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(created.secret);
    expect(rotated.body.previous_secret_expires_at).not.toBeNull();
    const task = (await svc.api<TaskJson>('/v1/tasks', { body: { interval: 3600, http: { url: `${target.url}/ok` } } })).body;
    await svc.api(`/v1/tasks/${task.id}/pause`, { method: 'POST' });
    const hit = await waitFor('the delivery', async () => target.hits('/rotated')[0]);
    expect(String(hit.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(new Webhook(created.secret).verify(hit.body, headersOf(hit.headers))).toMatchObject({ type: 'task.paused' });
    expect(new Webhook(rotated.body.secret).verify(hit.body, headersOf(hit.headers))).toMatchObject({ type: 'task.paused' });
  });

  it('disables a webhook after a long failure streak with a webhook.disabled event', async () => {
    const created = (await svc.api<WebhookWithSecretJson>('/v1/webhooks', { body: { url: `${target.url}/dead`, events: ['*'] } })).body;
    remember(`${target.url}/dead`, created.secret);
    await svc.api('/v1/tasks', { body: { expires_at: new Date(Date.now() + 3_600_000).toISOString() } });
    const event = await waitFor('webhook.disabled', async () => {
      const r = await svc.api<Page<EventJson>>('/v1/events?type=webhook.*&limit=500');
      return r.body.items.find((e) => e.subject.id === created.id);
    });
    expect(event).toMatchObject({ type: 'webhook.disabled', subject: { kind: 'webhook', id: created.id }, data: { failure_streak: 4 } });
    expect((await svc.api<WebhookJson>(`/v1/webhooks/${created.id}`)).body.state).toBe('disabled');
    expect(target.hits('/dead')).toHaveLength(4);
  });

  it('sends a failed delivery again and enables a disabled webhook again with PATCH', async () => {
    const created = (await svc.api<WebhookWithSecretJson>('/v1/webhooks', { body: { url: `${target.url}/down-then-up`, events: ['task.created'] } })).body;
    remember(`${target.url}/down-then-up`, created.secret);
    let up = false;
    target.on('/down-then-up', (_req, res) => res.writeHead(up ? 204 : 500).end());
    const task = (await svc.api<TaskJson>('/v1/tasks', { body: { expires_at: new Date(Date.now() + 3_600_000).toISOString() } })).body;
    await waitFor('the webhook disabled', async () => (await svc.api<WebhookJson>(`/v1/webhooks/${created.id}`)).body.state === 'disabled');
    const dropped = found((await svc.api<Page<DeliveryJson>>(`/v1/webhooks/${created.id}/deliveries`)).body.items[0], 'the dropped delivery');
    expect(dropped).toMatchObject({ status: 'dropped', attempts: 4 });
    const retryPath = `/v1/webhooks/${created.id}/deliveries/${dropped.id}/retry`;

    // While the webhook is disabled, neither a redelivery nor a test is accepted.
    expect((await svc.api(retryPath, { method: 'POST' })).status).toBe(409);
    expect((await svc.api(`/v1/webhooks/${created.id}/test`, { method: 'POST' })).status).toBe(409);

    const enabled = await svc.api<WebhookJson>(`/v1/webhooks/${created.id}`, { method: 'PATCH', body: { active: true } });
    expect(enabled.status).toBe(200);
    expect(enabled.body).toMatchObject({ state: 'active', failure_streak: 0, disabled_reason: null });
    up = true;
    const before = target.hits('/down-then-up').length;
    const again = await svc.api<DeliveryJson>(retryPath, { method: 'POST' });
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ id: dropped.id, status: 'pending' });
    const delivered = await waitFor('the redelivery', async () => {
      const d = (await svc.api<Page<DeliveryJson>>(`/v1/webhooks/${created.id}/deliveries`)).body.items.find((x) => x.id === dropped.id);
      return d?.status === 'succeeded' ? d : null;
    });
    expect(delivered).toMatchObject({ attempts: 5, http_status: 204 });
    const hit = target.hits('/down-then-up').slice(before)[0]!;
    expect(new Webhook(created.secret).verify(hit.body, headersOf(hit.headers))).toMatchObject({ type: 'task.created', subject: `task/${task.id}` });
    // Sent once more, and only a failed one: a succeeded delivery is refused.
    expect(target.hits('/down-then-up').slice(before)).toHaveLength(1);
    expect((await svc.api(retryPath, { method: 'POST' })).status).toBe(409);
    // Unknown ids, ids of another webhook and malformed ids.
    expect((await svc.api(`/v1/webhooks/${created.id}/deliveries/999999/retry`, { method: 'POST' })).status).toBe(404);
    const other = (await svc.api<WebhookWithSecretJson>('/v1/webhooks', { body: { url: `${target.url}/other`, events: ['monitor.*'] } })).body;
    remember(`${target.url}/other`, other.secret);
    expect((await svc.api(`/v1/webhooks/${other.id}/deliveries/${dropped.id}/retry`, { method: 'POST' })).status).toBe(404);
    const malformed = await svc.api<ProblemJson>(`/v1/webhooks/${created.id}/deliveries/x1/retry`, { method: 'POST' });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });

  it('sends webhook.test to the webhook tested only', async () => {
    const tested = (await svc.api<WebhookWithSecretJson>('/v1/webhooks', { body: { url: `${target.url}/tested`, events: ['run.*'] } })).body;
    const bystander = (await svc.api<WebhookWithSecretJson>('/v1/webhooks', { body: { url: `${target.url}/bystander`, events: ['*'] } })).body;
    remember(`${target.url}/tested`, tested.secret);
    remember(`${target.url}/bystander`, bystander.secret);
    const sent = await svc.api<WebhookTestedJson>(`/v1/webhooks/${tested.id}/test`, { method: 'POST' });
    expect(sent.status).toBe(202);
    expect(sent.body).toEqual({ event_id: expect.any(Number), type: 'webhook.test' });
    const hit = await waitFor('the test delivery', async () => target.hits('/tested')[0]);
    const payload = new Webhook(tested.secret).verify(hit.body, headersOf(hit.headers)) as { data: unknown };
    expect(payload).toMatchObject({ type: 'webhook.test', subject: `webhook/${tested.id}`, id: String(sent.body.event_id) });
    expect(payload.data).toMatchObject({ webhook_id: tested.id, url: `${target.url}/tested` });
    // The bystander subscribed to everything: a later event reaches it, the test never did.
    await svc.api('/v1/tasks', { body: { expires_at: new Date(Date.now() + 3_600_000).toISOString() } });
    await waitFor('a later event at the bystander', async () => target.hits('/bystander').length > 0);
    expect(target.hits('/bystander').map((h) => JSON.parse(h.body).type)).not.toContain('webhook.test');
    expect((await svc.api('/v1/webhooks/999999/test', { method: 'POST' })).status).toBe(404);
    await svc.api(`/v1/webhooks/${bystander.id}`, { method: 'DELETE' });
  });

  it('changes url, events and active with PATCH, validating every field, within the tenant only', async () => {
    const w = (await svc.api<WebhookWithSecretJson>('/v1/webhooks', { body: { url: `${target.url}/patched`, events: ['run.*'] } })).body;
    remember(`${target.url}/patched`, w.secret);
    remember(`${target.url}/patched-2`, w.secret);
    const changed = await svc.api<WebhookJson>(`/v1/webhooks/${w.id}`, { method: 'PATCH', body: { url: `${target.url}/patched-2`, events: ['task.*', 'task.*', 'monitor.down'] } });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ url: `${target.url}/patched-2`, events: ['task.*', 'monitor.down'], state: 'active' });
    expect((await svc.api<WebhookJson>(`/v1/webhooks/${w.id}`)).body.url).toBe(`${target.url}/patched-2`);

    const fieldsOf = async (body: unknown) => {
      const r = await svc.api<ProblemJson>(`/v1/webhooks/${w.id}`, { method: 'PATCH', body });
      expect(r.status).toBe(400);
      expect(r.headers.get('content-type')).toMatch(/application\/problem\+json/);
      return r.body.errors?.map((e) => e.field) ?? [];
    };
    expect(await fieldsOf({ url: 'ftp://example.com/x' })).toEqual(['url']);
    expect((await fieldsOf({ events: ['Not A Pattern'] }))[0]).toMatch(/^events/);
    expect((await fieldsOf({ events: [] }))[0]).toMatch(/^events/);
    expect(await fieldsOf({ active: 'yes' })).toEqual(['active']);
    expect(await fieldsOf({ secret: 'whsec_x' })).toEqual(['secret']);
    expect((await svc.api(`/v1/webhooks/${w.id}`, { method: 'PATCH', body: {} })).status).toBe(400);

    const disabled = await svc.api<WebhookJson>(`/v1/webhooks/${w.id}`, { method: 'PATCH', body: { active: false } });
    expect(disabled.body).toMatchObject({ state: 'disabled', disabled_reason: 'disabled through the API' });

    // Another tenant's key: 404 for this webhook; a read key: 403.
    const otherKey = (await svc.api<ApiKeyWithSecretJson>('/v1/api-keys', { body: { name: 'other tenant', scopes: ['admin'], tenant: 'webhooks-other' } })).body.key;
    expect((await svc.api(`/v1/webhooks/${w.id}`, { method: 'PATCH', key: otherKey, body: { active: true } })).status).toBe(404);
    expect((await svc.api(`/v1/webhooks/${w.id}/test`, { method: 'POST', key: otherKey })).status).toBe(404);
    const reader = (await svc.api<ApiKeyWithSecretJson>('/v1/api-keys', { body: { name: 'reader', scopes: ['read'] } })).body.key;
    expect((await svc.api(`/v1/webhooks/${w.id}`, { method: 'PATCH', key: reader, body: { active: true } })).status).toBe(403);
    expect((await svc.api<WebhookJson>(`/v1/webhooks/${w.id}`)).body.state).toBe('disabled');
  });

  it('refuses webhook URLs that break target safety and unknown fields; deletes', async () => {
    const bad = await svc.api<ProblemJson>('/v1/webhooks', { body: { url: 'ftp://example.com/x', events: ['run.*'], secret: 'nope' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.map((e) => e.field).sort()).toEqual(['secret', 'url']);
    const ok = (await svc.api<WebhookWithSecretJson>('/v1/webhooks', { body: { url: `${target.url}/x`, events: ['run.*'] } })).body;
    remember(`${target.url}/x`, ok.secret);
    expect((await svc.api(`/v1/webhooks/${ok.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await svc.api(`/v1/webhooks/${ok.id}`)).status).toBe(404);
  });

  it('signs task calls with sign: true per Standard Webhooks with the tenant secret, old and new during a rotation', async () => {
    const runOf = async (taskId: number) => {
      const trigger = await svc.api<RunCreatedJson>(`/v1/tasks/${taskId}/trigger`, { method: 'POST' });
      expect(trigger.status).toBe(202);
      const runId: number = trigger.body.run_id;
      return waitFor('the run to finish', async () => {
        const r = (await svc.api<RunJson>(`/v1/runs/${runId}`)).body;
        return r.status === 'succeeded' || r.status === 'failed' ? r : null;
      });
    };
    // Bad input: sign on a line check, and sign of the wrong type, each named.
    const onLines = await svc.api<ProblemJson>('/v1/tasks', { body: { interval: 3600, lines: ['central'], sign: true } });
    expect(onLines.status).toBe(400);
    expect(onLines.body.errors).toEqual([expect.objectContaining({ field: 'sign' })]);
    const wrongType = await svc.api<ProblemJson>('/v1/tasks', { body: { interval: 3600, http: { url: `${target.url}/x` }, sign: 'yes' } });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.errors?.map((e) => e.field)).toContain('sign');

    const task = await svc.api<HttpTaskJson>('/v1/tasks', {
      body: { interval: 3600, sign: true, retry: { max_attempts: 1 }, http: { method: 'POST', url: `${target.url}/signed-call`, body: { hello: 'signed' } } },
    });
    expect(task.status).toBe(201);
    expect(task.body.action.sign).toBe(true);
    // No signing secret yet: the run fails saying so, and the target is never called unsigned.
    const unsigned = await runOf(task.body.id);
    expect(unsigned).toMatchObject({ status: 'failed', error: expect.stringMatching(/no signing secret.*signing-secret\/rotate/) });
    expect(target.hits('/signed-call')).toHaveLength(0);

    // Only an admin key rotates.
    const writer = await svc.api<ApiKeyWithSecretJson>('/v1/api-keys', { body: { name: 'writer', scopes: ['write'] } });
    expect((await svc.api('/v1/signing-secret/rotate', { method: 'POST', key: writer.body.key })).status).toBe(403);
    expect((await svc.api('/v1/signing-secret')).status).toBe(404);
    const first = await svc.api<SigningSecretJson>('/v1/signing-secret/rotate', { method: 'POST' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ secret: expect.stringMatching(/^whsec_/), previous_secret_expires_at: null });
    remember(`${target.url}/signing-secret`, first.body.secret);

    const signed = await runOf(task.body.id);
    expect(signed.status).toBe('succeeded');
    const hit = target.hits('/signed-call').at(-1)!;
    signedCalls.push({ hit, secrets: [first.body.secret] });
    expect(hit.headers['webhook-id']).toBe(`${signed.id}-${signed.attempt}`);
    expect(new Webhook(first.body.secret).verify(hit.body, headersOf(hit.headers))).toEqual({ hello: 'signed' });
    // A replay six minutes later is refused by the verifier's timestamp window.
    const spy = vi.spyOn(Date, 'now').mockReturnValue(Date.now() + 6 * 60_000);
    try {
      expect(() => new Webhook(first.body.secret).verify(hit.body, headersOf(hit.headers))).toThrow(/too old/);
      signedReplayRefused = true;
    } finally {
      spy.mockRestore();
    }

    // Rotated: the new secret and the old one both sign for 24 hours.
    const second = await svc.api<SigningSecretJson>('/v1/signing-secret/rotate', { method: 'POST' });
    expect(second.status).toBe(200);
    expect(second.body.secret).not.toBe(first.body.secret);
    expect(Date.parse(second.body.previous_secret_expires_at ?? '') - Date.now()).toBeGreaterThan(23 * 3600_000);
    remember(`${target.url}/signing-secret`, second.body.secret);
    const info = await svc.api('/v1/signing-secret');
    expect(info.status).toBe(200);
    expect(info.body).toEqual({ rotated_at: second.body.rotated_at, previous_secret_expires_at: second.body.previous_secret_expires_at });
    expect((await svc.api('/v1/signing-secret', { key: writer.body.key })).status).toBe(403);
    const overlap = await runOf(task.body.id);
    expect(overlap.status).toBe('succeeded');
    const both = target.hits('/signed-call').at(-1)!;
    signedCalls.push({ hit: both, secrets: [first.body.secret, second.body.secret] });
    expect(String(both.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(new Webhook(second.body.secret).verify(both.body, headersOf(both.headers))).toEqual({ hello: 'signed' });
    expect(new Webhook(first.body.secret).verify(both.body, headersOf(both.headers))).toEqual({ hello: 'signed' });

    // Turned off on update: the next call carries no signature.
    const off = await svc.api<HttpTaskJson>(`/v1/tasks/${task.body.id}`, { method: 'PATCH', body: { sign: false } });
    expect(off.status).toBe(200);
    expect(off.body.action).not.toHaveProperty('sign');
    expect((await runOf(task.body.id)).status).toBe('succeeded');
    expect(target.hits('/signed-call').at(-1)!.headers).not.toHaveProperty('webhook-signature');
  });

  it('S9: every delivery verifies with an off-the-shelf verifier, and no secret is in the log or the database', async () => {
    // A task whose headers carry secrets, called once, so its action passes through the API, the engine and events.
    const bearer = `tok-${randomBytes(16).toString('hex')}`;
    const apiKey = `key-${randomBytes(16).toString('hex')}`;
    const task = await svc.api<TaskJson>('/v1/tasks', {
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
    const signedVerified = signedCalls.filter(({ hit, secrets }) =>
      secrets.every((secret) => {
        try {
          new Webhook(secret).verify(hit.body, headersOf(hit.headers));
          return true;
        } catch {
          return false;
        }
      }),
    ).length;

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
        `signed calls verified ${signedVerified} of ${signedCalls.length}; signed replay ${signedReplayRefused ? 'refused' : 'NOT refused'}; ` +
        `secrets in logs/db ${found.length} ` +
        `(${webhookSecrets.length} webhook and signing secrets and 2 task header secrets searched in ${logText.split('\n').length - 1} log lines ` +
        `and ${tables.length} tables)`,
    );
    // The search sees what is there: the task's URL and header names in the database, its events in the log.
    expect(dbText).toContain(`${target.url}/secret-call`);
    expect(dbText).toContain('X-Api-Key');
    expect(logText).toContain(`${target.url}/secret-call`);
    expect(replayRefused).toBe(true);
    expect(deliveries).toBeGreaterThan(0);
    expect(verified).toBe(deliveries);
    expect(signedReplayRefused).toBe(true);
    expect(signedCalls.length).toBeGreaterThan(0);
    expect(signedVerified).toBe(signedCalls.length);
    expect(found).toEqual([]);
  });
});
