import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresBackend, TEST_DATABASE_URL, type TestDatabase } from '../support/backends.ts';
import { spawnTickwork, waitForOutput, type TickworkProcess } from '../support/processes.ts';
import { TEST_ADMIN_KEY, testEnv, waitFor } from '../support/service.ts';
import { startTarget, type Target } from '../support/target.ts';
import { ROOT_DIR } from '../support/paths.ts';
import { families, freePort, linesWithRepeatedKeys, promtoolCheck, promtoolPath, samples, scrape, value } from './scrape.ts';

const reason = TEST_DATABASE_URL === undefined ? ' (skipped: TEST_DATABASE_URL is not set)' : '';
const PROMTOOL = promtoolPath();
const AMQP = process.env.TEST_AMQP_URL;

/**
 * Issue 11, "every role observable": an `api` and a `worker` process on one PostgreSQL, as the README's production
 * layout runs them. The engine's counters are on the worker's own port (TICKWORK_METRICS_PORT), the cluster gauges
 * come from the process that leads (a worker: the API runs no leader work), and the HTTP figures from the API.
 */
describe.skipIf(TEST_DATABASE_URL === undefined)(`metrics of split roles on PostgreSQL${reason}`, () => {
  let db: TestDatabase;
  let target: Target;
  let api: TickworkProcess;
  let apiUrl = '';
  let worker: TickworkProcess;
  let workerUrl = '';
  const others: TickworkProcess[] = [];
  let release: (() => void) | null = null;
  /** Answers the call held at /hold (a function, so TypeScript does not narrow `release` at the call sites). */
  const releaseHeld = (): void => release?.();

  const call = async (path: string, body?: unknown): Promise<{ status: number; body: { id: number } }> => {
    const res = await fetch(`${apiUrl}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${TEST_ADMIN_KEY}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as { id: number } };
  };
  const oneShot = async (path: string): Promise<number> => {
    const r = await call('/v1/tasks', { schedule_time: new Date().toISOString(), http: { url: `${target.url}${path}` }, retry: { max_attempts: 1 } });
    expect(r.status).toBe(201);
    return r.body.id;
  };
  const startWorker = async (name: string, port: number, extra: Record<string, string> = {}): Promise<TickworkProcess> => {
    const w = spawnTickwork(['worker'], testEnv(db, {
      TICKWORK_LOG_LEVEL: 'info',
      TICKWORK_WORKER_ID: name,
      TICKWORK_METRICS_PORT: String(port),
      // One call at a time: a call held at the target leaves what falls due meanwhile unclaimed (the backlog).
      TICKWORK_CONCURRENCY: '1',
      ...(AMQP === undefined ? {} : { TICKWORK_AMQP_URL: AMQP }),
      ...extra,
    }));
    await waitForOutput(w, /worker started/);
    return w;
  };

  beforeAll(async () => {
    db = await postgresBackend.create();
    target = await startTarget();
    target.on('/ok', (_req, res) => res.end('ok'));
    target.on('/fail', (_req, res) => {
      res.writeHead(500);
      res.end('no');
    });
    target.on('/hook', (_req, res) => res.end());
    target.on('/hold', (_req, res) => {
      release = () => res.end('done');
    });
    api = spawnTickwork(['api'], testEnv(db, { TICKWORK_LOG_LEVEL: 'info' }));
    await waitForOutput(api, /"url":"(http:[^"]+)"/);
    apiUrl = /"url":"(http:[^"]+)"/.exec(api.output())?.[1] ?? '';
    const port = await freePort();
    worker = await startWorker('metrics-a', port);
    workerUrl = `http://127.0.0.1:${port}`;
    await waitForOutput(worker, /this process now leads/);
  });
  afterAll(async () => {
    releaseHeld();
    for (const p of [api, worker, ...others]) p?.kill('SIGKILL');
    await Promise.all([api, worker, ...others].filter((p) => p !== undefined).map((p) => p.exited));
    await target?.close();
    await db?.drop();
  });

  it('counts 20 succeeded and 5 failed runs on the worker\'s port after 20 good and 5 failing one-shot tasks', async () => {
    // A webhook and a monitor too, so their outcomes are counted (and their names are in the scrapes below).
    expect((await call('/v1/webhooks', { url: `${target.url}/hook`, events: ['run.*'] })).status).toBe(201);
    expect((await call('/v1/monitors', { url: `${target.url}/ok`, interval: 1 })).status).toBe(201);
    await Promise.all([...Array.from({ length: 20 }, () => oneShot('/ok')), ...Array.from({ length: 5 }, () => oneShot('/fail'))]);
    const text = await waitFor('25 runs to finish', async () => {
      const t = await scrape(workerUrl);
      const done = (value(t, 'tickwork_runs_total', { status: 'succeeded' }) ?? 0) + (value(t, 'tickwork_runs_total', { status: 'failed' }) ?? 0);
      return done >= 25 ? t : null;
    }, 60_000);
    expect(value(text, 'tickwork_runs_total', { status: 'succeeded' })).toBe(20);
    expect(value(text, 'tickwork_runs_total', { status: 'failed' })).toBe(5);
    expect(value(text, 'tickwork_claims_total')).toBe(25);
    expect(value(text, 'tickwork_run_lateness_seconds_count')).toBe(25);
    expect(value(text, 'tickwork_call_duration_seconds_count', { action: 'http' })).toBe(25);
    // The engine's figures are the worker's: the API process runs no engine and exports none of them.
    const apiText = await scrape(apiUrl);
    expect(samples(apiText).filter((s) => s.name.startsWith('tickwork_runs_'))).toEqual([]);
  });

  it('counts webhook delivery outcomes, monitor check outcomes and their latency on the worker', async () => {
    const text = await waitFor('a delivery and a check to be counted', async () => {
      const t = await scrape(workerUrl);
      return (value(t, 'tickwork_webhook_deliveries_total', { outcome: 'succeeded' }) ?? 0) >= 25 &&
        (value(t, 'tickwork_monitor_checks_total', { type: 'http', outcome: 'ok' }) ?? 0) >= 1 ? t : null;
    }, 60_000);
    expect(value(text, 'tickwork_webhook_deliveries_total', { outcome: 'failed' })).toBeUndefined();
    expect(value(text, 'tickwork_monitor_check_duration_seconds_count')).toBeGreaterThanOrEqual(1);
    await waitFor('the monitor to be counted up', async () => value(await scrape(workerUrl), 'tickwork_monitors', { state: 'up' }) === 1);
  });

  it('shows a backlog that exists — due and unclaimed while the one slot is busy — from the leader only', async () => {
    await oneShot('/hold');
    await waitFor('the held call to be in flight', async () => release !== null);
    const due = await Promise.all([oneShot('/ok'), oneShot('/ok'), oneShot('/ok')]);
    expect(due).toHaveLength(3);
    const text = await waitFor('the backlog of 3 to age', async () => {
      const t = await scrape(workerUrl);
      return value(t, 'tickwork_backlog', { work: 'runs' }) === 3 && (value(t, 'tickwork_backlog_oldest_age_seconds', { work: 'runs' }) ?? 0) > 0 ? t : null;
    });
    expect(value(text, 'tickwork_leases', { work: 'runs' })).toBe(1);
    // The API does not lead: it exports no cluster gauge, so a sum over every process counts the backlog once.
    const apiText = await scrape(apiUrl);
    expect(samples(apiText).filter((s) => s.name.startsWith('tickwork_backlog'))).toEqual([]);
    releaseHeld();
    await waitFor('the backlog to drain', async () => {
      const t = await scrape(workerUrl);
      return value(t, 'tickwork_backlog', { work: 'runs' }) === 0 && value(t, 'tickwork_runs_total', { status: 'succeeded' }) === 24;
    }, 30_000);
    // A second worker: of the two, exactly one exports the cluster gauges.
    const port = await freePort();
    others.push(await startWorker('metrics-b', port));
    const [a, b] = await Promise.all([scrape(workerUrl), scrape(`http://127.0.0.1:${port}`)]);
    const exporting = [a, b].filter((t) => value(t, 'tickwork_backlog', { work: 'runs' }) !== undefined);
    expect(exporting).toHaveLength(1);
  });

  it('times API requests by route pattern and status, never by raw URL', async () => {
    expect((await call('/v1/tasks/999999')).status).toBe(404);
    const text = await scrape(apiUrl);
    expect(value(text, 'tickwork_http_request_duration_seconds_count', { method: 'POST', route: '/v1/tasks', status: '201' })).toBeGreaterThanOrEqual(29);
    expect(value(text, 'tickwork_http_request_duration_seconds_count', { method: 'GET', route: '/v1/tasks/:id', status: '404' })).toBe(1);
    const routes = new Set(samples(text).filter((s) => s.name === 'tickwork_http_request_duration_seconds_count').map((s) => s.labels.route));
    expect([...routes].filter((r) => r !== undefined && /\/\d/.test(r))).toEqual([]); // a segment of digits: a raw id
  });

  it('serves /livez and /readyz on the worker\'s port and the API\'s', async () => {
    for (const base of [workerUrl, apiUrl]) {
      expect((await fetch(`${base}/livez`)).status, base).toBe(200);
      const ready = await fetch(`${base}/readyz`);
      expect(ready.status, base).toBe(200);
    }
  });

  it.skipIf(PROMTOOL === null)(`promtool check metrics passes on the worker's and the API's scrapes${PROMTOOL === null ? ' (skipped: promtool is not installed; Debian package prometheus)' : ''}`, async () => {
    for (const base of [workerUrl, apiUrl]) {
      const text = await scrape(base);
      expect(promtoolCheck(text), base).toEqual({ status: 0, output: '' });
    }
  });

  it('every metric the Grafana dashboard queries is in a scrape of the worker or the API', async () => {
    const texts = [await scrape(workerUrl), await scrape(apiUrl)];
    // A name exists when a scrape has samples of it or declares its family (a labelled counter nothing has
    // incremented yet has no sample), a histogram's _bucket, _sum and _count included.
    const scraped = new Set(texts.flatMap((t) => samples(t).map((s) => s.name)));
    for (const t of texts) {
      for (const [name, kind] of families(t)) {
        scraped.add(name);
        if (kind === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) scraped.add(`${name}${suffix}`);
      }
    }
    const dashboard = JSON.parse(readFileSync(`${ROOT_DIR}deploy/grafana/tickwork.json`, 'utf8')) as { panels: { title: string; targets?: { expr: string }[] }[] };
    const used = new Set<string>();
    for (const p of dashboard.panels) for (const t of p.targets ?? []) for (const m of t.expr.matchAll(/\b(tickwork_[a-z0-9_]+|process_[a-z0-9_]+|nodejs_[a-z0-9_]+)/g)) used.add(m[1] ?? '');
    expect(used.size).toBeGreaterThan(8);
    expect([...used].filter((n) => !scraped.has(n))).toEqual([]);
  });

  it('docs/operations.md describes every metric the roles export, and nothing they do not', async () => {
    const declared = new Set([...families(await scrape(workerUrl)).keys(), ...families(await scrape(apiUrl)).keys()]);
    const page = readFileSync(`${ROOT_DIR}docs/operations.md`, 'utf8');
    const described = new Set([...page.matchAll(/^\| `((?:tickwork|process|nodejs)_[a-z0-9_]+)`/gm)].map((m) => m[1] ?? ''));
    const ours = [...declared].filter((n) => n.startsWith('tickwork_'));
    expect(ours.filter((n) => !described.has(n))).toEqual([]);
    // prom-client's process_* and nodejs_* families are described as a group, by prefix.
    expect(page).toMatch(/`process_\*`/);
    expect(page).toMatch(/`nodejs_\*`/);
    // The AMQP command consumer's metrics exist only with TICKWORK_AMQP_URL.
    const amqpOnly = AMQP === undefined ? ['tickwork_commands_total', 'tickwork_command_redeliveries_total'] : [];
    expect([...described].filter((n) => !declared.has(n) && !amqpOnly.includes(n))).toEqual([]);
  });

  it('no log line of the api or the worker repeats a JSON key', () => {
    expect(api.output()).toMatch(/tickwork is listening/);
    expect(worker.output()).toMatch(/event relay started/);
    expect([...linesWithRepeatedKeys(api.output()), ...linesWithRepeatedKeys(worker.output())]).toEqual([]);
  });

  it('a stopping worker answers /readyz 503 while its call finishes, then exits 0', async () => {
    release = null;
    const w = others[0];
    if (w === undefined) throw new Error('no second worker');
    const base = /"url":"(http:[^"]+)\/metrics"/.exec(w.output())?.[1] ?? '';
    worker.kill('SIGTERM'); // the first worker stops, so the held call goes to the second
    expect(await worker.exited).toBe(0);
    const id = await oneShot('/hold');
    await waitFor('the held call to be in flight', async () => release !== null);
    w.kill('SIGTERM');
    await waitForOutput(w, /"msg":"stopping"/);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'unavailable', error: 'stopping' });
    releaseHeld();
    expect(await w.exited).toBe(0);
    const runs = await fetch(`${apiUrl}/v1/tasks/${id}/runs`, { headers: { authorization: `Bearer ${TEST_ADMIN_KEY}` } });
    expect(((await runs.json()) as { items: { status: string }[] }).items.map((r) => r.status)).toEqual(['succeeded']);
  });
});
