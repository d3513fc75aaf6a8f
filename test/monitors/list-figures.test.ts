import pino from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openSecretBox } from '../../src/cli/service.ts';
import { buildApi, type Api } from '../../src/api/index.ts';
import { loadConfig } from '../../src/config.ts';
import type { Db } from '../../src/store/db.ts';
import { recordChecks, type CheckOutcome } from '../../src/store/checks.ts';
import { createMonitorsBatch, getMonitor, listMonitors } from '../../src/store/monitors.ts';
import { dbNow } from '../../src/store/runs.ts';
import { countingDb, forEachBackend, type TestDatabase } from '../support/backends.ts';
import { testEnv } from '../support/service.ts';
import { freshTenant } from '../events/support.ts';
import { SYSTEM_ACTOR } from '../../src/domain/event.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The API alone over a Db that counts its statements by name, so the test sees what one page of monitors costs. */
forEachBackend('monitor list figures', (backend) => {
  let testDb: TestDatabase;
  let raw: Db;
  let app: Api;
  let url: string;
  let tenant = '';
  let key = '';
  const counts = new Map<string, number>();

  beforeAll(async () => {
    testDb = await backend.create();
    raw = await testDb.open();
    const counted = countingDb(raw, counts);
    const config = loadConfig(testEnv(testDb, {}));
    app = await buildApi({ config, db: counted, log: pino({ level: 'silent' }), registry: new Registry(), secrets: openSecretBox(config), publicUrl: () => url });
    url = await app.listen({ port: 0, host: '127.0.0.1' });

    ({ tenant, key } = await freshTenant(raw, 'list'));
    const monitors = Array.from({ length: 50 }, (_, i) => ({ url: `http://127.0.0.1:9/m${i}`, regexp: null, interval_s: 60 }));
    expect(await createMonitorsBatch(raw, tenant, monitors, 60, SYSTEM_ACTOR)).toBe(50);
    const ids = (await listMonitors(raw, tenant, 0, 50)).map((v) => v.monitor.id);
    // Five kinds of history, so the page mixes monitors with and without figures in each window.
    const now = await dbNow(raw);
    const at = (monitorId: number, agoMs: number, ok: boolean, latencyMs: number): CheckOutcome => ({
      monitorId, leaseToken: null, checkedAt: new Date(now.getTime() - agoMs), statusCode: ok ? 200 : 503,
      latencyMs, matched: null, ok, error: ok ? null : 'expected a 2xx status, got 503', errorKind: null, certExpiresAt: null,
    });
    const history = ids.flatMap((id, i) => {
      switch (i % 5) {
        case 1: return Array.from({ length: 4 }, (_, k) => at(id, HOUR + k * 60_000, k !== 0, 20 + 40 * k + i));
        case 2: return [at(id, 3 * DAY, false, 2_000), at(id, 2 * HOUR, true, 300 + i)];
        case 3: return [at(id, 40 * DAY, false, 100)];
        case 4: return [at(id, 20 * DAY, true, 100), at(id, 5 * HOUR, false, 70_000)];
        default: return [];
      }
    });
    await raw.transaction((tx) => recordChecks(tx, history));
  });
  afterAll(async () => {
    await app?.close();
    await raw?.close();
    await testDb?.drop();
  });

  it('gives each monitor of a page the same row and figures as reading it alone', async () => {
    const page = await listMonitors(raw, tenant, 0, 50);
    expect(page).toHaveLength(50);
    const alone = await Promise.all(page.map((v) => getMonitor(raw, tenant, v.monitor.id)));
    expect(page).toEqual(alone);
    // The page holds every kind of figure: none, some windows only, all of them.
    expect(new Set(page.map((v) => JSON.stringify(v.figures))).size).toBeGreaterThan(5);
  });

  it('reads a page of 50 monitors with as many statements as a page of 5, one of them for all the figures', async () => {
    const statementsFor = async (limit: number): Promise<{ total: number; perMonitor: number; batched: number }> => {
      counts.clear();
      const r = await fetch(`${url}/v1/monitors?limit=${limit}`, { headers: { authorization: `Bearer ${key}` } });
      expect(r.status).toBe(200);
      expect(((await r.json()) as { items: unknown[] }).items).toHaveLength(limit);
      const total = [...counts.values()].reduce((a, b) => a + b, 0);
      return { total, perMonitor: counts.get('monitor_figures') ?? 0, batched: counts.get('monitor_figures_many') ?? 0 };
    };
    await statementsFor(1); // the key's first use costs statements of its own
    const five = await statementsFor(5);
    const fifty = await statementsFor(50);
    console.log(`figure: monitor list [${backend.name}]: 5 monitors ${five.total} statements, 50 monitors ${fifty.total} statements (${fifty.batched} for the figures)`);
    expect(fifty).toEqual(five);
    expect(fifty.perMonitor).toBe(0);
    expect(fifty.batched).toBe(1);
  });
});
