import { Type, type Static } from 'typebox';
import type { ApiDeps, Api } from '../types.ts';
import { actorOf, tenantOf } from '../auth.ts';
import { CountText, IdParams, PageQuery, Run, RunCreated, Task, TaskState as TaskStateFilter, named, page, problems } from '../schemas.ts';
import { TaskBatchInput, TaskInput } from '../../domain/task-schema.ts';
import { nextCursor, pageRequest } from '../pagination.ts';
import { ProblemError } from '../../domain/errors.ts';
import { requireCreatable, taskBatchChangesFrom, taskChangesFrom, type TaskInput as DomainTaskInput } from '../../domain/task-input.ts';
import { taskToJson, scheduleFromJson, type TaskState } from '../../domain/task.ts';
import { previewSchedule } from '../../domain/schedule.ts';
import { createTask, createTasks, deleteTask, getTask, listTasks, pauseTask, resumeTask, triggerTask, updateTask, type TaskView } from '../../store/tasks.ts';
import { listRuns } from '../../store/runs.ts';
import { runToJson } from '../../domain/run.ts';
import { dbNow } from '../../store/runs.ts';

const tags = ['tasks'];
const show = (v: TaskView) => taskToJson(v.task, v.lastRun) as Static<typeof Task>;
const TaskSchedulePreview = named('TaskSchedulePreview', Type.Object(
  { next: Type.Array(Type.String(), { description: 'The next fire times, ISO 8601 in UTC' }), notes: Type.Array(Type.String(), { description: 'DST gaps and overlaps crossed, or why nothing is listed' }) },
  { description: "A saved task's next fire times" },
));

export function taskRoutes(app: Api, { db, config, secrets }: ApiDeps): void {
  const inputContext = { defaultTimezone: config.timezone, allowPrivateTargets: config.allowPrivateTargets };

  app.get('/v1/tasks', {
    schema: {
      tags, summary: 'List tasks (ascending id)',
      querystring: Type.Object({ state: Type.Optional(TaskStateFilter), ...PageQuery }, { additionalProperties: false }),
      response: { 200: page(Task), ...problems(400) },
    },
  }, async (request) => {
    const tenant = tenantOf(request);
    const req = pageRequest(secrets, 'tasks', tenant, request.query, { state: request.query.state ?? null });
    const items = await listTasks(db, tenant, req.filters.state as TaskState | null, req.key ?? 0, req.limit);
    return { items: items.map(show), next_cursor: nextCursor(secrets, 'tasks', tenant, req, items.at(-1)?.task.id, items.length) };
  });

  app.post('/v1/tasks', {
    config: { fieldChecks: (body) => taskChangesFrom(body as DomainTaskInput, { ...inputContext, current: null }) },
    schema: { tags, summary: 'Create a task', body: TaskInput, response: { 201: Task, ...problems(400, 409, 413, 415) } },
  }, async (request, reply) => {
    const input = request.body as DomainTaskInput;
    const changes = taskChangesFrom(input, { ...inputContext, current: null });
    requireCreatable(changes);
    const view = await createTask(db, tenantOf(request), changes, config.maxTasksPerTenant, secrets, actorOf(request));
    return reply.code(201).header('location', `/v1/tasks/${view.task.id}`).send(show(view));
  });

  app.post('/v1/tasks/batch', {
    config: { fieldChecks: (body) => taskBatchChangesFrom(batchItems(body), { ...inputContext, current: null }) },
    schema: {
      tags, summary: 'Create up to 1,000 tasks, all or none', operationId: 'createTaskBatch',
      description:
        'JSON only. Each item is the body of POST /v1/tasks and is validated the same way; a 400 names every bad field ' +
        'by its item\'s index (tasks[3].cron) and creates nothing. 201 with the created tasks in the order given. The ' +
        'batch counts against the tenant\'s task cap as a whole (409 quota_exceeded, nothing created) and honours ' +
        'Idempotency-Key like a single create.',
      body: TaskBatchInput,
      response: { 201: Type.Object({ items: Type.Array(Task) }), ...problems(400, 409, 413, 415) },
    },
  }, async (request, reply) => {
    const changes = taskBatchChangesFrom(request.body.tasks, { ...inputContext, current: null }, true);
    const views = await createTasks(db, tenantOf(request), changes, config.maxTasksPerTenant, secrets, actorOf(request));
    return reply.code(201).send({ items: views.map(show) });
  });

  const idRoute = { params: IdParams };

  app.get('/v1/tasks/:id', {
    schema: { tags, summary: 'Get a task', ...idRoute, response: { 200: Task, ...problems(400, 404) } },
  }, async (request) => {
    const view = await getTask(db, tenantOf(request), Number(request.params.id));
    if (view === null) throw new ProblemError('not_found', `No task ${request.params.id}.`);
    return show(view);
  });

  for (const method of ['PUT', 'PATCH'] as const) {
    app.route({
      method,
      url: '/v1/tasks/:id',
      schema: {
        tags, summary: `Update a task (${method}: only the fields given change; null clears one)`,
        ...idRoute, body: TaskInput, response: { 200: Task, ...problems(400, 404, 413, 415) },
      },
      handler: async (request) => {
        const input = request.body as DomainTaskInput;
        const view = await updateTask(db, tenantOf(request), Number(request.params.id), (current) =>
          taskChangesFrom(input, { ...inputContext, current }), secrets, actorOf(request),
        );
        return show(view);
      },
    });
  }

  app.delete('/v1/tasks/:id', {
    schema: { tags, summary: 'Delete a task (its runs and events are kept)', ...idRoute, response: { 204: Type.Null(), ...problems(400, 404) } },
  }, async (request, reply) => {
    await deleteTask(db, tenantOf(request), Number(request.params.id), actorOf(request));
    return reply.code(204).send(null);
  });

  app.post('/v1/tasks/:id/pause', {
    schema: { tags, summary: 'Pause a task (idempotent)', ...idRoute, response: { 200: Task, ...problems(400, 404, 409) } },
  }, async (request) => show(await pauseTask(db, tenantOf(request), Number(request.params.id), actorOf(request))));

  app.post('/v1/tasks/:id/resume', {
    schema: { tags, summary: 'Resume a paused task (idempotent); an interval re-anchors at now', ...idRoute, response: { 200: Task, ...problems(400, 404, 409) } },
  }, async (request) => show(await resumeTask(db, tenantOf(request), Number(request.params.id), actorOf(request))));

  app.post('/v1/tasks/:id/trigger', {
    schema: {
      tags, summary: 'Run a task now', ...idRoute,
      response: { 202: RunCreated, ...problems(400, 404, 409) },
    },
  }, async (request, reply) => {
    const runId = await triggerTask(db, tenantOf(request), Number(request.params.id));
    return reply.code(202).send({ run_id: runId });
  });

  app.get('/v1/tasks/:id/runs', {
    schema: {
      tags, summary: "A task's runs, newest first", ...idRoute,
      querystring: Type.Object(PageQuery, { additionalProperties: false }),
      response: { 200: page(Run), ...problems(400, 404) },
    },
  }, async (request) => {
    const tenant = tenantOf(request);
    const taskId = Number(request.params.id);
    if ((await getTask(db, tenant, taskId)) === null) throw new ProblemError('not_found', `No task ${taskId}.`);
    const req = pageRequest(secrets, `task-runs-${taskId}`, tenant, request.query, {});
    const runs = await listRuns(db, tenant, { taskId, status: null, since: null, beforeId: req.key }, req.limit);
    return { items: runs.map(runToJson), next_cursor: nextCursor(secrets, `task-runs-${taskId}`, tenant, req, runs.at(-1)?.id, runs.length) };
  });

  app.get('/v1/tasks/:id/next', {
    schema: {
      tags, summary: "Preview a task's next fire times", operationId: 'previewTaskSchedule', ...idRoute,
      querystring: Type.Object({ count: Type.Optional(CountText('How many fire times to list, default 10')) }, { additionalProperties: false }),
      response: { 200: TaskSchedulePreview, ...problems(400, 404) },
    },
  }, async (request) => {
    const view = await getTask(db, tenantOf(request), Number(request.params.id));
    if (view === null) throw new ProblemError('not_found', `No task ${request.params.id}.`);
    const { task } = view;
    if (task.schedule === null || task.state !== 'active') return { next: [], notes: task.schedule === null ? ['the task has no schedule'] : [`the task is ${task.state}`] };
    const count = Number(request.query.count ?? 10);
    const from = task.next_run_at ?? (await dbNow(db));
    const p = previewSchedule(scheduleFromJson(task.schedule), new Date(from.getTime() - 1), count, task.anchor_at);
    return { next: p.next.map((d) => d.toISOString()), notes: p.notes };
  });
}

/** The items of a batch body whose other fields the schema refused (for the field checks that name every error). */
function batchItems(body: Record<string, unknown>): unknown[] {
  return Array.isArray(body.tasks) ? body.tasks : [];
}
