import { afterAll, beforeAll, expect, it } from 'vitest';
import { forEachBackend, type TestDatabase } from '../support/backends.ts';
import { startTestService, waitFor, type RunningService } from '../support/service.ts';
import type { ProblemJson, TaskJson } from '../support/api-types.ts';
import { startTarget, type Target } from '../support/target.ts';

/**
 * FAULTS.md S5: task headers that would split the request, smuggle a second one or change where it goes. Each is a 400
 * naming the header, on create and on update, and the target never sees it.
 */
const HOSTILE: [name: string, value: string][] = [
  ['X-Split', 'a\r\nInjected: crlf'],
  ['X-Lf', 'a\nInjected: lf'],
  ['X-Cr', 'a\rInjected: cr'],
  ['X-Nul', 'a\u0000Injected: nul'],
  ['X-Bell', 'a\u0007b'],
  ['X-Del', 'a\u007fb'],
  ['Host', 'metadata.internal'],
  ['host', 'metadata.internal'],
  ['HOST', 'metadata.internal'],
  ['Transfer-Encoding', 'chunked'],
  ['transfer-encoding', 'gzip, chunked'],
  ['Connection', 'close, X-Injected'],
  ['Content-Length', '0'],
  ['TE', 'trailers'],
  ['Upgrade', 'websocket'],
  ['Keep-Alive', 'timeout=5'],
  ['Expect', '100-continue'],
  ['Proxy-Authorization', 'Basic eDp5'],
  ['X-Injected\r\nHost', 'x'],
  ['X Space', 'x'],
  ['X-Injected:', 'x'],
];

forEachBackend('S5: hostile task headers', (backend) => {
  let db: TestDatabase;
  let svc: RunningService;
  let target: Target;
  beforeAll(async () => {
    db = await backend.create();
    svc = await startTestService(db);
    target = await startTarget();
  });
  afterAll(async () => {
    await svc?.close();
    await target?.close();
    await db?.drop();
  });

  const fieldsOf = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field);

  it('answers 400 naming the header on create and update, and the target never sees one', async () => {
    const later = new Date(Date.now() + 3_600_000).toISOString();
    const good = await svc.api<TaskJson>('/v1/tasks', {
      body: { schedule_time: later, http: { url: `${target.url}/good`, headers: { 'X-Good': 'yes' } } },
    });
    expect(good.status).toBe(201);

    const accepted: string[] = [];
    for (const [name, value] of HOSTILE) {
      const headers = { 'X-Good': 'yes', [name]: value };
      const created = await svc.api<ProblemJson>('/v1/tasks', {
        body: { schedule_time: later, http: { url: `${target.url}/bad`, headers } },
      });
      const updated = await svc.api<ProblemJson>(`/v1/tasks/${good.body.id}`, {
        method: 'PATCH',
        body: { http: { url: `${target.url}/good`, headers } },
      });
      if (created.status !== 400) accepted.push(`create ${JSON.stringify(name)}`);
      if (updated.status !== 400) accepted.push(`update ${JSON.stringify(name)}`);
      expect(created.status, name).toBe(400);
      expect(fieldsOf(created.body), name).toEqual([`http.headers.${name}`]);
      expect(updated.status, name).toBe(400);
      expect(fieldsOf(updated.body), name).toEqual([`http.headers.${name}`]);
    }

    // The task that survived every refused update still calls with its own headers only.
    expect((await svc.api(`/v1/tasks/${good.body.id}/trigger`, { method: 'POST' })).status).toBe(202);
    const hit = await waitFor('the good task to call', async () => target.hits('/good')[0]);
    expect(target.hits('/bad')).toEqual([]);
    expect(target.requests).toHaveLength(1);
    expect(hit.headers['x-good']).toBe('yes');
    expect(hit.headers.host).toBe(new URL(target.url).host);
    expect(hit.headers['transfer-encoding']).toBeUndefined();
    expect(hit.headers.injected).toBeUndefined();
    expect(hit.headers['x-injected']).toBeUndefined();
    expect(hit.headers['proxy-authorization']).toBeUndefined();
    const stored = await svc.db.query<{ n: number }>('SELECT count(*)::int AS n FROM tasks');
    expect(stored[0]?.n).toBe(1);

    console.log(
      `figure: S5 [${backend.name}] accepted ${accepted.length} of ${HOSTILE.length * 2} (${HOSTILE.length} headers, on create and on update)`,
    );
    expect(accepted).toEqual([]);
  });
});
