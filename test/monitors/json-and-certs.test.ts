import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certNoticeDue } from '../../src/domain/monitor-state.ts';
import { forEachBackend, type TestDatabase } from '../support/backends.ts';
import { startTestService, waitFor, type RunningService } from '../support/service.ts';
import type { CheckJson, MonitorJson, Page, ProblemJson } from '../support/api-types.ts';
import { startTarget, type Target } from '../support/target.ts';
import { hasOpenssl, makeCertificate } from '../support/certificates.ts';

describe('certificate notices', () => {
  it('are due within 14 days of expiry, once per certificate', () => {
    const now = new Date('2026-11-28T00:00:00Z');
    const inDays = (d: number) => new Date(now.getTime() + d * 86_400_000);
    expect(certNoticeDue(inDays(30), now, null)).toBe(false);
    expect(certNoticeDue(inDays(14), now, null)).toBe(true);
    expect(certNoticeDue(inDays(-1), now, null)).toBe(true);
    expect(certNoticeDue(inDays(5), now, inDays(5))).toBe(false);
    expect(certNoticeDue(inDays(9), now, inDays(5))).toBe(true);
    expect(certNoticeDue(null, now, null)).toBe(false);
  });
});

forEachBackend('monitors with expect_json', (backend) => {
  let db: TestDatabase;
  let svc: RunningService;
  let target: Target;

  beforeAll(async () => {
    db = await backend.create();
    svc = await startTestService(db);
    target = await startTarget();
    target.on('/health.json', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'ok', checks: [{ name: 'db', ok: false }] }));
    });
    target.on('/page', (_req, res) => res.end('<html>ok</html>'));
  });
  afterAll(async () => {
    await svc?.close();
    await target?.close();
    await db?.drop();
  });

  const firstCheck = async (body: Record<string, unknown>) => {
    const r = await svc.api<MonitorJson>('/v1/monitors', { body });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const id = (r.body as { id: number }).id;
    return waitFor(`a check of monitor ${id}`, async () => (await svc.api<Page<CheckJson>>(`/v1/monitors/${id}/checks`)).body.items[0]);
  };

  it('passes when the value at the path equals the one expected', async () => {
    const c = await firstCheck({ url: `${target.url}/health.json`, expect_json: { path: '$.status', equals: 'ok' } });
    expect(c).toMatchObject({ ok: true, matched: true, error: null, cert_days_left: null });
  });

  it('fails naming the path and both values when they differ, or when the body is not JSON', async () => {
    const c = await firstCheck({ url: `${target.url}/health.json?deep`, expect_json: { path: '$.checks[0].ok', equals: true } });
    expect(c).toMatchObject({ ok: false, matched: false, error: 'JSON at $.checks[0].ok is false, expected true' });
    const c2 = await firstCheck({ url: `${target.url}/page`, expect_json: { path: '$.status' } });
    expect(c2).toMatchObject({ ok: false, matched: false, error: expect.stringMatching(/not JSON/) });
  });

  it('refuses a path it cannot follow at creation, naming expect_json.path', async () => {
    const r = await svc.api<ProblemJson>('/v1/monitors', { body: { url: `${target.url}/x`, expect_json: { path: '$..status', equals: 1 } } });
    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual([{ field: 'expect_json.path', message: expect.stringMatching(/expected a name/) }]);
    const r2 = await svc.api<ProblemJson>('/v1/monitors', { body: { url: `${target.url}/x`, expect_json: { path: '$.a', extra: 1 } } });
    expect(r2.status).toBe(400);
  });
});

forEachBackend('https monitors and certificate expiry', (backend) => {
  const reason = 'needs openssl to make certificates';
  let dir = '';
  let db: TestDatabase;
  let svc: RunningService;
  let server: Server;
  let url = '';

  beforeAll(async () => {
    if (!hasOpenssl()) return;
    dir = mkdtempSync(join(tmpdir(), 'tickwork-certs-'));
    const soon = makeCertificate(dir, 'soon', 5);
    server = createServer(soon, (_req, res) => res.end('secure'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    url = `https://127.0.0.1:${address !== null && typeof address === 'object' ? address.port : 0}/`;
    db = await backend.create();
    // The target's self-signed certificate is the operator's private CA.
    svc = await startTestService(db, { TICKWORK_CA_FILE: join(dir, 'soon.pem') });
  });
  afterAll(async () => {
    await svc?.close();
    server?.closeAllConnections();
    await new Promise((resolve) => (server === undefined ? resolve(null) : server.close(resolve)));
    await db?.drop();
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  const certEvents = async (id: number) =>
    svc.db.query<{ data: { cert: { expires_at: string; days_left: number } } }>(
      "SELECT data FROM events WHERE type = 'monitor.cert_expiring' AND subject_id = $1 ORDER BY id",
      [id],
    );

  it.skipIf(!hasOpenssl())(`records days left on each check and announces a certificate once, a renewed one again (${reason})`, async () => {
    const r = await svc.api<MonitorJson>('/v1/monitors', { body: { url, interval: 1 } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const id = (r.body as { id: number }).id;
    const checksOf = async () => (await svc.api<Page<CheckJson>>(`/v1/monitors/${id}/checks`)).body.items;
    const three = await waitFor('three checks', async () => ((await checksOf()).length >= 3 ? checksOf() : null));
    for (const c of three) {
      expect(c.ok).toBe(true);
      expect(c.cert_days_left).toBeGreaterThan(4.9);
      expect(c.cert_days_left).toBeLessThanOrEqual(5);
    }
    const once = await certEvents(id);
    expect(once).toHaveLength(1);
    expect(once[0]?.data.cert.days_left).toBeGreaterThan(4.9);
    expect((await svc.api<MonitorJson>(`/v1/monitors/${id}`)).body.cert_expires_at).toBe(once[0]?.data.cert.expires_at);

    // The certificate is renewed (still within the notice period): the next connection presents it, and it is
    // announced once more.
    const renewed = makeCertificate(dir, 'renewed', 9);
    server.setSecureContext({ ...renewed, ca: [renewed.cert] });
    server.closeAllConnections();
    // Trust is per process: restart the service with the renewed certificate as its CA.
    await svc.close();
    svc = await startTestService(db, { TICKWORK_CA_FILE: join(dir, 'renewed.pem') });
    const twice = await waitFor('the renewed certificate announced', async () => {
      const rows = await certEvents(id);
      return rows.length >= 2 ? rows : null;
    });
    expect(twice[1]?.data.cert.days_left).toBeGreaterThan(8.9);
    await waitFor('two checks of the renewed certificate', async () => ((await checksOf()).filter((c) => (c.cert_days_left ?? 0) > 8).length >= 2 ? true : null));
    expect(await certEvents(id)).toHaveLength(2);
  });
});
