import { afterAll, beforeAll, expect, it } from 'vitest';
import { forEachBackend, type TestDatabase } from '../support/backends.ts';
import { startTestService, waitFor, type RunningService } from '../support/service.ts';
import type { EventJson, Page, RunCreatedJson, RunJson, TaskJson } from '../support/api-types.ts';
import { startTarget, type Target } from '../support/target.ts';

/**
 * Line status as events: a TfL task pointed at a fake TfL API (a local server) whose answer changes between checks
 * writes exactly one tfl.disrupted and one tfl.recovered per change per line, none when nothing changes, and its
 * run.succeeded carries the lines' status.
 */

/** A Disruption object as TfL shapes it, for one line. */
const disruption = (lineId: string, closureText: string, description: string) => ({
  $type: 'Tfl.Api.Presentation.Entities.Disruption, Tfl.Api.Presentation.Entities',
  category: 'RealTime',
  type: 'lineInfo',
  categoryDescription: 'RealTime',
  description,
  affectedRoutes: [{ lineId, name: 'somewhere - elsewhere' }],
  affectedStops: [],
  closureText,
});
const CENTRAL = disruption('central', 'minorDelays', 'Central Line: Minor delays between Liverpool Street and Epping.');
const VICTORIA = disruption('victoria', 'severeDelays', 'Victoria Line: Severe delays due to a signal failure at Brixton.');

forEachBackend('tfl line events', (backend) => {
  let db: TestDatabase;
  let svc: RunningService;
  let tfl: Target;
  /** What the fake TfL answers now. */
  let answer: unknown[] = [];

  beforeAll(async () => {
    tfl = await startTarget();
    tfl.on('/Line/central,victoria/Disruption', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    });
    db = await backend.create();
    svc = await startTestService(db, { TICKWORK_TFL_BASE_URL: tfl.url });
  });
  afterAll(async () => {
    await svc?.close();
    await tfl?.close();
    await db?.drop();
  });

  /** Triggers a check with the current answer; returns its run.succeeded event once it is listed, and the tfl events since `after`. */
  async function check(taskId: number, after: number): Promise<{ succeeded: EventJson; tflEvents: EventJson[] }> {
    const trigger = await svc.api<RunCreatedJson>(`/v1/tasks/${taskId}/trigger`, { method: 'POST' });
    expect(trigger.status).toBe(202);
    const runId = trigger.body.run_id;
    const succeeded = await waitFor('the run.succeeded event', async () => {
      const r = await svc.api<Page<EventJson>>(`/v1/events?type=run.*&after=${after}&limit=500`);
      return r.body.items.find((e) => e.type === 'run.succeeded' && e.data.run_id === runId) ?? null;
    });
    // Written in the run's transaction, so listed once its run.succeeded is.
    const tflEvents = (await svc.api<Page<EventJson>>(`/v1/events?type=tfl.*&after=${after}&limit=500`)).body.items.filter((e) => e.subject.id === taskId);
    return { succeeded, tflEvents };
  }

  /** The id of the newest listed event (paging to the end). */
  const lastEventId = async () => {
    let last = 0;
    for (let cursor: string | null = ''; cursor !== null; ) {
      const page: Page<EventJson> = (await svc.api<Page<EventJson>>(`/v1/events?limit=500${cursor === '' ? '' : `&cursor=${encodeURIComponent(cursor)}`}`)).body;
      last = page.items.at(-1)?.id ?? last;
      cursor = page.next_cursor;
    }
    return last;
  };

  it('writes one tfl.disrupted and one tfl.recovered per change per line, and nothing when nothing changes', async () => {
    const task = await svc.api<TaskJson>('/v1/tasks', { body: { interval: 3600, lines: 'central,victoria' } });
    expect(task.status).toBe(201);
    const id = task.body.id;
    let after = await lastEventId();
    const step = async (next: unknown[]) => {
      answer = next;
      const r = await check(id, after);
      after = await lastEventId();
      return r;
    };

    // First check in good service: no event (like a monitor's first success).
    const good = await step([]);
    expect(good.tflEvents).toEqual([]);
    expect(good.succeeded.data.result).toEqual({
      lines: [{ line: 'central', status: 'good_service' }, { line: 'victoria', status: 'good_service' }],
      disrupted: false,
    });

    // Central disrupted: exactly one event, for central, with its status and description.
    const central = await step([CENTRAL]);
    expect(central.tflEvents).toHaveLength(1);
    expect(central.tflEvents[0]).toMatchObject({
      type: 'tfl.disrupted',
      subject: { kind: 'task', id },
      data: { task_id: id, line: 'central', status: 'minorDelays', description: CENTRAL.description, previous_status: 'good_service', run_id: central.succeeded.data.run_id },
    });
    expect((central.succeeded.data.result as { lines: unknown }).lines).toEqual([{ line: 'central', status: 'minorDelays' }, { line: 'victoria', status: 'good_service' }]);

    // The same answer again: nothing changed, no event.
    expect((await step([CENTRAL])).tflEvents).toEqual([]);

    // Victoria joins: one event, for victoria only.
    const both = await step([CENTRAL, VICTORIA]);
    expect(both.tflEvents.map((e) => [e.type, e.data.line, e.data.status])).toEqual([['tfl.disrupted', 'victoria', 'severeDelays']]);

    // Good service again: one tfl.recovered per line.
    const recovered = await step([]);
    expect(recovered.tflEvents.map((e) => [e.type, e.data.line, e.data.status, e.data.previous_status]).sort()).toEqual([
      ['tfl.recovered', 'central', 'good_service', 'minorDelays'],
      ['tfl.recovered', 'victoria', 'good_service', 'severeDelays'],
    ]);
    expect((await step([])).tflEvents).toEqual([]);

    // Over the whole run of checks: two disruptions and two recoveries, each written once.
    const all = (await svc.api<Page<EventJson>>('/v1/events?type=tfl.*&limit=500')).body.items.filter((e) => e.subject.id === id);
    expect(all.map((e) => `${e.type}:${e.data.line}`)).toEqual(['tfl.disrupted:central', 'tfl.disrupted:victoria', 'tfl.recovered:central', 'tfl.recovered:victoria']);
    const stored = await svc.db.query<{ line: string; disrupted: boolean; status: string }>(
      'SELECT line, disrupted, status FROM tfl_line_status WHERE task_id = $1 ORDER BY line',
      [id],
    );
    expect(stored).toEqual([
      { line: 'central', disrupted: false, status: 'good_service' },
      { line: 'victoria', disrupted: false, status: 'good_service' },
    ]);
  });

  it('a failed check changes no line status and writes no line event', async () => {
    const task = (await svc.api<TaskJson>('/v1/tasks', { body: { interval: 3600, lines: ['central', 'victoria'], retry: { max_attempts: 1 } } })).body;
    answer = [CENTRAL];
    const after = await lastEventId();
    await check(task.id, after);
    tfl.on('/Line/central,victoria/Disruption', (_req, res) => res.writeHead(503).end('{"message":"down"}'));
    try {
      const trigger = await svc.api<RunCreatedJson>(`/v1/tasks/${task.id}/trigger`, { method: 'POST' });
      const failed = await waitFor('the failed run', async () => {
        const r = (await svc.api<RunJson>(`/v1/runs/${trigger.body.run_id}`)).body;
        return r.status === 'failed' ? r : null;
      });
      expect(failed.error).toMatch(/503/);
    } finally {
      tfl.on('/Line/central,victoria/Disruption', (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
      });
    }
    const events = (await svc.api<Page<EventJson>>(`/v1/events?type=tfl.*&after=${after}&limit=500`)).body.items.filter((e) => e.subject.id === task.id);
    expect(events.map((e) => `${e.type}:${e.data.line}`)).toEqual(['tfl.disrupted:central']);
  });

  it('run.succeeded of an HTTP call carries its status and a short excerpt of the body', async () => {
    const target = await startTarget();
    try {
      target.on('/long', (_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('x'.repeat(1000)));
      const task = (await svc.api<TaskJson>('/v1/tasks', { body: { interval: 3600, http: { url: `${target.url}/long` } } })).body;
      const { succeeded } = await check(task.id, await lastEventId());
      expect(succeeded.data.http_status).toBe(200);
      expect(succeeded.data.result).toEqual({ excerpt: 'x'.repeat(200), truncated: true });
    } finally {
      await target.close();
    }
  });
});
