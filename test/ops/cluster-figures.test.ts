import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advanceClock, forEachBackend, type TestDatabase } from '../support/backends.ts';
import { startTestService, waitFor } from '../support/service.ts';
import { readClusterFigures } from '../../src/store/cluster-figures.ts';
import { connectionSettingsProblem, isTransientDbError } from '../../src/store/db-errors.ts';
import { promtoolCheck, promtoolPath, scrape, value } from './scrape.ts';

const PROMTOOL = promtoolPath();

forEachBackend('cluster figures', (backend) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await backend.create();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('counts due, unclaimed runs and checks with the age of the oldest by the database clock, and monitors by state', async () => {
    // No engine runs: what falls due stays unclaimed.
    const svc = await startTestService(db, {}, { api: true, engine: false });
    try {
      for (let i = 0; i < 3; i++) {
        const r = await svc.api('/v1/tasks', { body: { schedule_time: new Date().toISOString(), http: { url: 'http://127.0.0.1:9/never' } } });
        expect(r.status).toBe(201);
      }
      const later = await svc.api('/v1/tasks', { body: { schedule_time: '2099-01-01T00:00:00Z', http: { url: 'http://127.0.0.1:9/never' } } });
      expect(later.status).toBe(201); // not due: not backlog
      expect((await svc.api('/v1/monitors', { body: { url: 'http://127.0.0.1:9/never', interval: 60 } })).status).toBe(201);
      await advanceClock(svc.db, 120_000);
      const f = await readClusterFigures(svc.db);
      const runs = f.backlog.find((b) => b.work === 'runs');
      expect(runs?.count).toBe(3);
      expect(runs?.oldestSeconds).toBeGreaterThanOrEqual(120);
      expect(f.backlog.find((b) => b.work === 'checks')?.count).toBe(1);
      expect(f.leases).toEqual([{ work: 'runs', count: 0 }, { work: 'checks', count: 0 }]);
      expect(Object.fromEntries(f.monitors.map((m) => [m.state, m.count]))).toEqual({ pending: 1, up: 0, down: 0 });
      expect(f.webhookDeliveriesPending).toBe(0);
    } finally {
      await svc.close();
    }
  });

  it(`an embedded-style process (API and engine) exports the cluster gauges once it leads, and its scrape is promtool-clean${PROMTOOL === null ? ' (promtool part skipped: not installed)' : ''}`, async () => {
    const svc = await startTestService(db);
    try {
      const text = await waitFor('the leader to export the backlog', async () => {
        const t = await scrape(svc.url);
        return value(t, 'tickwork_backlog', { work: 'runs' }) !== undefined ? t : null;
      });
      expect(value(text, 'tickwork_monitors', { state: 'pending' })).toBeGreaterThanOrEqual(0);
      if (PROMTOOL !== null) expect(promtoolCheck(text)).toEqual({ status: 0, output: '' });
      for (const path of ['/livez', '/readyz']) expect((await fetch(`${svc.url}${path}`)).status, path).toBe(200);
    } finally {
      await svc.close();
    }
  });
});

describe('database errors that waiting cannot cure', () => {
  const err = (code: string, message = 'x'): Error => Object.assign(new Error(message), { code });

  it('names wrong passwords, unknown roles and databases and refused CONNECT as settings problems, never as transient', () => {
    for (const code of ['28P01', '28000', '3D000', '42501']) {
      expect(connectionSettingsProblem(err(code)), code).toMatch(new RegExp(`SQLSTATE ${code}`));
      expect(isTransientDbError(err(code)), code).toBe(false);
    }
    expect(connectionSettingsProblem(new URIError('URI malformed'))).toMatch(/the URL cannot be used/);
  });

  it('leaves what waiting can cure to the wait: refused or lost connections, a server starting up or full', () => {
    for (const code of ['ECONNREFUSED', 'ETIMEDOUT', 'ENOTFOUND', '57P03', '53300', '08006']) {
      expect(connectionSettingsProblem(err(code)), code).toBeNull();
    }
    expect(connectionSettingsProblem(new Error('timeout expired'))).toBeNull();
  });
});
