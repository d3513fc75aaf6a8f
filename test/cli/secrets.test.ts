import pino from 'pino';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { secretsCommand } from '../../src/cli/secrets.ts';
import { secretBox } from '../../src/store/secrets.ts';
import { forEachBackend, type TestDatabase } from '../support/backends.ts';
import { startTestService, testEnv, waitFor, type RunningService } from '../support/service.ts';
import type { MonitorJson, TaskJson, WebhookWithSecretJson } from '../support/api-types.ts';
import { startTarget, type Target } from '../support/target.ts';

const KEY_A = 'key-A-0123456789abcdefghijklmnopqrstuvwxyz';
const KEY_B = 'key-B-0123456789abcdefghijklmnopqrstuvwxyz';

/** Runs `tickwork secrets reseal` in this process with the given key ring; returns its exit code and stdout. */
async function reseal(db: TestDatabase, keys: string): Promise<{ code: number; out: string }> {
  const config = loadConfig(testEnv(db, { TICKWORK_SECRET_KEY: keys }));
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += chunk.toString();
    return true;
  });
  try {
    const code = await secretsCommand(() => ({ config, log: pino({ level: 'silent' }) }), ['reseal', '--batch', '1']);
    return { code, out };
  } finally {
    spy.mockRestore();
  }
}

forEachBackend('tickwork secrets reseal', (backend) => {
  let db: TestDatabase;
  let svc: RunningService | undefined;
  let target: Target;

  beforeAll(async () => {
    db = await backend.create();
    target = await startTarget();
  });
  afterAll(async () => {
    await svc?.close();
    await target?.close();
    await db?.drop();
  });

  it('re-seals every stored secret under the first key, after which that key alone opens them all', async () => {
    // Sealed under key A.
    svc = await startTestService(db, { TICKWORK_SECRET_KEY: KEY_A });
    const webhook = await svc.api<WebhookWithSecretJson>('/v1/webhooks', { body: { url: `${target.url}/webhook`, events: ['task.updated'] } });
    expect(webhook.status).toBe(201);
    const heartbeat = await svc.api<MonitorJson>('/v1/monitors', { body: { type: 'heartbeat', period: '1h', grace: 60 } });
    expect(heartbeat.status).toBe(201);
    const task = await svc.api<TaskJson>('/v1/tasks', {
      body: { interval: 3600, http: { url: `${target.url}/task?token=tok-value-1`, headers: { Authorization: 'Bearer auth-value-2' } } },
    });
    expect(task.status).toBe(201);
    // A row written before sealing existed: the secret header value in plain text, no sealed member.
    const legacy = await svc.api<TaskJson>('/v1/tasks', { body: { interval: 3600, http: { url: `${target.url}/legacy` } } });
    await svc.db.query(`UPDATE tasks SET action = jsonb_set(action, '{headers}', '{"X-Api-Key": "legacy-plain-3"}') WHERE id = $1`, [legacy.body.id]);
    const [sealed] = await svc.db.query<{ secret_enc: string }>('SELECT secret_enc FROM webhooks WHERE id = $1', [webhook.body.id]);
    await svc.close();
    svc = undefined;
    // The control: key B alone cannot open what key A sealed.
    expect(() => secretBox([KEY_B]).open(sealed?.secret_enc ?? '')).toThrow();

    const first = await reseal(db, `${KEY_B},${KEY_A}`);
    expect(first.code).toBe(0);
    console.log(`figure: reseal output ${JSON.stringify(first.out)}`);
    expect(first.out).toContain('webhook secrets: 1 resealed of 1');
    expect(first.out).toContain('heartbeat ping tokens: 1 resealed of 1');
    expect(first.out).toContain('task secrets: 2 resealed of 2');
    const again = await reseal(db, `${KEY_B},${KEY_A}`);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/webhook secrets: 0 resealed of 1\nheartbeat ping tokens: 0 resealed of 1\ntask secrets: 0 resealed of 2\n/);

    // Key B alone from now on.
    svc = await startTestService(db, { TICKWORK_SECRET_KEY: KEY_B });
    const rows = await svc.db.query<{ t: string }>('SELECT row_to_json(t)::text AS t FROM tasks t');
    for (const v of ['tok-value-1', 'auth-value-2', 'legacy-plain-3']) expect(rows.map((r) => r.t).join('\n')).not.toContain(v);

    // The ping URL still reads back and still works.
    const monitor = await svc.api<MonitorJson>(`/v1/monitors/${heartbeat.body.id}`);
    // (Another port: the service listens anew, so only the path, which holds the token, is compared.)
    const pingPath = new URL(heartbeat.body.ping_url as string).pathname;
    expect(new URL(monitor.body.ping_url as string).pathname).toBe(pingPath);
    const ping = await fetch(new URL(pingPath, svc.url));
    expect(ping.status).toBe(200);

    // The task calls still send the secrets, the legacy one included.
    await svc.api(`/v1/tasks/${task.body.id}/trigger`, { method: 'POST' });
    const call = await waitFor('the task call', async () => target.requests.find((c) => c.url.startsWith('/task')));
    expect(call.url).toBe('/task?token=tok-value-1');
    expect(call.headers.authorization).toBe('Bearer auth-value-2');
    await svc.api(`/v1/tasks/${legacy.body.id}/trigger`, { method: 'POST' });
    const legacyCall = await waitFor('the legacy task call', async () => target.requests.find((c) => c.url === '/legacy'));
    expect(legacyCall.headers['x-api-key']).toBe('legacy-plain-3');

    // The webhook still signs verifiably with the secret it was given under key A.
    await svc.api(`/v1/tasks/${task.body.id}`, { method: 'PATCH', body: { title: 'renamed' } });
    const delivery = await waitFor('the webhook delivery', async () => target.requests.find((c) => c.url === '/webhook'));
    const h = delivery.headers;
    const payload = new Webhook(webhook.body.secret).verify(delivery.body, {
      'webhook-id': String(h['webhook-id']), 'webhook-timestamp': String(h['webhook-timestamp']), 'webhook-signature': String(h['webhook-signature']),
    }) as { type: string };
    expect(payload.type).toBe('task.updated');
  }, 60_000);
});
