import { Type } from 'typebox';
import type { Api, ApiDeps } from '../types.ts';
import { actorOf, tenantOf } from '../auth.ts';
import { IdParams, IdText, PageQuery, Run, RunCreated, page, problems } from '../schemas.ts';
import { nextCursor, pageRequest } from '../pagination.ts';
import { parseQueryTime } from '../inbound.ts';
import { ProblemError } from '../../domain/errors.ts';
import { RunStatusSchema, runToJson, type RunStatus } from '../../domain/run.ts';
import { getRun, listRuns } from '../../store/runs.ts';
import { cancelRunOnRequest, retryRunOnRequest } from '../../store/run-actions.ts';

const tags = ['runs'];

export function runRoutes(app: Api, { db, secrets }: ApiDeps): void {
  app.get('/v1/runs', {
    schema: {
      tags, summary: 'List runs, newest first',
      querystring: Type.Object(
        {
          task_id: Type.Optional(IdText('Only the runs of this task')),
          status: Type.Optional(RunStatusSchema),
          since: Type.Optional(Type.String({ format: 'date-time', description: 'Runs created at or after this time (RFC 3339)' })),
          ...PageQuery,
        },
        { additionalProperties: false },
      ),
      response: { 200: page(Run), ...problems(400) },
    },
  }, async (request) => {
    const tenant = tenantOf(request);
    const q = request.query;
    // Checked before it becomes a filter: a cursor carries it on, and it reaches SQL as a timestamptz.
    const since = q.since === undefined ? null : parseQueryTime(q.since, 'since').toISOString();
    const req = pageRequest(secrets, 'runs', tenant, q, {
      taskId: q.task_id === undefined ? null : Number(q.task_id),
      status: q.status ?? null,
      since,
    });
    const f = req.filters;
    const runs = await listRuns(db, tenant, {
      taskId: f.taskId,
      status: f.status as RunStatus | null,
      since: f.since === null ? null : new Date(f.since),
      beforeId: req.key,
    }, req.limit);
    return { items: runs.map(runToJson), next_cursor: nextCursor(secrets, 'runs', tenant, req, runs.at(-1)?.id, runs.length) };
  });

  app.get('/v1/runs/:id', {
    schema: { tags, summary: 'Get a run', params: IdParams, response: { 200: Run, ...problems(400, 404) } },
  }, async (request) => {
    const run = await getRun(db, tenantOf(request), Number(request.params.id));
    if (run === null) throw new ProblemError('not_found', `No run ${request.params.id}.`);
    return runToJson(run);
  });

  app.post('/v1/runs/:id/cancel', {
    schema: { tags, summary: 'Cancel a pending or running attempt', params: IdParams, response: { 200: Run, ...problems(400, 404, 409) } },
  }, async (request) => {
    const tenant = tenantOf(request);
    const id = Number(request.params.id);
    return runToJson(await cancelRunOnRequest(db, tenant, id, actorOf(request)));
  });

  app.post('/v1/runs/:id/retry', {
    schema: {
      tags, summary: 'Run a failed attempt again (a new attempt of the same firing)', params: IdParams,
      response: { 202: RunCreated, ...problems(400, 404, 409) },
    },
  }, async (request, reply) => {
    const tenant = tenantOf(request);
    const id = Number(request.params.id);
    const runId = await retryRunOnRequest(db, tenant, id, actorOf(request));
    return reply.code(202).send({ run_id: runId });
  });
}
