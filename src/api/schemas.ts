import { Type, type TSchema } from 'typebox';
import { Nullable, named } from '../domain/task-schema.ts';
import { Actor } from '../domain/event.ts';

/**
 * Request and response shapes. The same objects validate requests, serialise responses and generate the OpenAPI
 * document, so the docs cannot drift from the behaviour. Types are derived with Static<>, never written twice.
 * A schema made with `named('Task', …)` is one entry of the document's `components.schemas`, referenced by `$ref`
 * wherever a route uses it (openapi.ts).
 */

// Input schemas live in domain/ (one per concept, used by every door); re-exported for the routes that use them.
export { Nullable, TaskInput, named } from '../domain/task-schema.ts';
export { Run } from '../domain/run.ts';

const Time = Type.String({ description: 'ISO 8601 time in UTC', examples: ['2026-03-29T08:00:00.000Z'] });
const Id = Type.Integer({ minimum: 1 });

/**
 * An integer in a path or query parameter. Parameters arrive as text and are never coerced (domain/validate.ts),
 * so the route validates the digits with a pattern, and the document shows the integer it stands for (openapi.ts
 * replaces every string schema with one of these patterns by its `integer` schema), so a generated client takes a
 * number: `{ id: task.id }`.
 */
export const INTEGER_PARAMETERS: ReadonlyMap<string, Readonly<Record<string, unknown>>> = new Map([
  ['^[1-9][0-9]{0,15}$', { type: 'integer', minimum: 1, format: 'int64' }],
  ['^(0|[1-9][0-9]{0,15})$', { type: 'integer', minimum: 0, format: 'int64' }],
  ['^[1-9][0-9]{0,8}$', { type: 'integer', minimum: 1, maximum: 999_999_999 }],
  ['^[1-9][0-9]?$|^100$', { type: 'integer', minimum: 1, maximum: 100 }],
]);
const integerText = (pattern: string, description: string) => {
  if (!INTEGER_PARAMETERS.has(pattern)) throw new Error(`no integer schema for the pattern ${pattern}`);
  return Type.String({ pattern, description });
};
/** A positive id in a path or a filter. */
export const IdText = (description = 'A positive integer id') => integerText('^[1-9][0-9]{0,15}$', description);
/** An event id to start after (0: from the beginning). */
export const AfterText = (description = 'Start after this event id') => integerText('^(0|[1-9][0-9]{0,15})$', description);
/** How many fire times a preview lists. */
export const CountText = (description: string) => integerText('^[1-9][0-9]?$|^100$', description);

export const IdParams = Type.Object({ id: IdText() }, { additionalProperties: false });

export const PageQuery = {
  limit: Type.Optional(integerText('^[1-9][0-9]{0,8}$', 'Page size, default 50; above 500 is clamped to 500')),
  cursor: Type.Optional(Type.String({ maxLength: 1000, description: 'Opaque cursor from `next_cursor` of the previous page; it carries the filters of the first page' })),
};

export const Problem = named(
  'Problem',
  Type.Object(
    {
      type: Type.String({ description: 'A URI naming the kind of problem' }),
      title: Type.String({ description: 'A short summary of the kind of problem' }),
      status: Type.Integer({ description: 'The HTTP status of the response' }),
      detail: Type.String({ description: 'What went wrong this time, and what to do' }),
      code: Type.String({ description: 'A stable machine-readable code (invalid_field, not_found, rate_limited, …)' }),
      errors: Type.Optional(
        Type.Array(
          Type.Object({
            field: Type.String({ description: 'The field as the request named it: `http.url`, `lines`, `cursor`, `Last-Event-ID`' }),
            message: Type.String({ description: 'What is wrong with it' }),
          }),
          { description: 'One entry per offending field' },
        ),
      ),
    },
    {
      description: 'RFC 9457 problem document (application/problem+json)',
      examples: [
        {
          type: 'https://tickwork.dev/problems/invalid-field',
          title: 'Invalid field',
          status: 400,
          detail: 'Invalid field(s): cron.',
          code: 'invalid_field',
          errors: [{ field: 'cron', message: 'expected 5 fields (or 6 with seconds first)' }],
        },
      ],
    },
  ),
);

function nameOf(schema: TSchema): string {
  const title = (schema as { title?: unknown }).title;
  if (typeof title !== 'string') throw new Error('a page lists a named schema: name its item with named()');
  return title;
}

/** A list page: `{items, next_cursor}`, named after its item (`TaskPage`). */
export const page = <T extends TSchema>(item: T) =>
  named(
    `${nameOf(item)}Page`,
    Type.Object(
      {
        items: Type.Array(item),
        next_cursor: Nullable(Type.String({ description: 'Pass it as `?cursor=` for the next page; null on the last page' })),
      },
      { description: 'One page of a list' },
    ),
  );

const Schedule = named(
  'Schedule',
  Type.Union(
    [
      Type.Object({ type: Type.Literal('once'), at: Time }, { description: 'Runs once, at `at`' }),
      Type.Object({ type: Type.Literal('cron'), expression: Type.String(), timezone: Type.String({ description: 'IANA time zone' }) }, { description: 'Runs on a cron schedule in a time zone' }),
      Type.Object({ type: Type.Literal('interval'), seconds: Type.Integer({ minimum: 1 }) }, { description: 'Runs every `seconds`' }),
    ],
    { description: "The task's schedule" },
  ),
);

const Action = named(
  'Action',
  Type.Union(
    [
      Type.Object({ type: Type.Literal('tfl_line_status'), lines: Type.Array(Type.String()) }, { description: 'A London Underground line-disruption check' }),
      Type.Object(
        {
          type: Type.Literal('http'),
          method: Type.String(),
          url: Type.String(),
          headers: Type.Record(Type.String(), Type.String(), { description: 'Secret-looking values are shown as ***' }),
          body: Nullable(Type.String({ description: 'The body sent (JSON bodies as their JSON text)' })),
          timeout_ms: Type.Integer(),
          expect_status: Nullable(Type.Array(Type.Integer())),
          expect_body_regex: Nullable(Type.String()),
          sign: Type.Optional(Type.Boolean({ description: 'Present and true when calls are signed (Standard Webhooks headers)' })),
        },
        { description: 'An HTTP call' },
      ),
    ],
    { description: 'What the task does when it runs' },
  ),
);

const TaskStateSchema = Type.Union([Type.Literal('active'), Type.Literal('paused'), Type.Literal('completed'), Type.Literal('expired')], {
  description: '`completed`: a one-shot that has run; `expired`: its deadline passed',
});

export const Task = named(
  'Task',
  Type.Object(
    {
      id: Id,
      title: Nullable(Type.String()),
      description: Nullable(Type.String()),
      schedule: Nullable(Schedule),
      action: Nullable(Action),
      expires_at: Nullable(Type.String({ description: 'The deadline, ISO 8601 in UTC' })),
      notify_before: Type.Integer({ description: 'Seconds before `expires_at` that `task.expiring` is emitted' }),
      retry: Type.Object(
        { max_attempts: Type.Integer(), backoff_s: Type.Number(), max_backoff_s: Type.Number() },
        { description: 'Attempt n+1 waits backoff_s·2^(n−1) s, capped at max_backoff_s' },
      ),
      overlap: Type.String({ description: '`skip` or `allow` a run while the previous one is running' }),
      misfire: Type.String({ description: 'What missed times do: `run_once`, `skip` or `run_all`' }),
      state: TaskStateSchema,
      next_run_at: Nullable(Type.String({ description: 'When it runs next, ISO 8601 in UTC; null when nothing is due' })),
      last_run: Nullable(
        Type.Object(
          { id: Id, status: Type.String(), started_at: Nullable(Time), finished_at: Nullable(Time) },
          { description: 'The latest run' },
        ),
      ),
      created_at: Time,
      updated_at: Time,
    },
    {
      description: 'A task: something with a time attached (a call on a schedule, a deadline, or both)',
      examples: [
        {
          id: 42, title: 'Nightly report', description: null,
          schedule: { type: 'cron', expression: '0 2 * * *', timezone: 'Europe/London' },
          action: { type: 'http', method: 'POST', url: 'https://example.com/report', headers: { Authorization: '***' }, body: null, timeout_ms: 10000, expect_status: null, expect_body_regex: null },
          expires_at: null, notify_before: 900, retry: { max_attempts: 3, backoff_s: 1, max_backoff_s: 300 }, overlap: 'skip', misfire: 'run_once',
          state: 'active', next_run_at: '2026-03-30T01:00:00.000Z', last_run: null,
          created_at: '2026-03-29T08:00:00.000Z', updated_at: '2026-03-29T08:00:00.000Z',
        },
      ],
    },
  ),
);
export const TaskState = TaskStateSchema;

export const Event = named(
  'Event',
  Type.Object(
    {
      id: Id,
      type: Type.String({ description: 'task.created, run.succeeded, monitor.down, …' }),
      created_at: Time,
      subject: Type.Object({ kind: Type.String({ description: 'task, monitor or webhook' }), id: Id }, { description: 'What the event is about (a run\'s events are about its task)' }),
      data: Type.Unknown({ description: 'The event type\'s data: a task, a run, a monitor and check, …' }),
      actor: Nullable(Actor),
    },
    {
      description: 'A change or an outcome, in the order it happened',
      examples: [{ id: 7, type: 'task.created', created_at: '2026-03-29T08:00:00.000Z', subject: { kind: 'task', id: 42 }, data: { title: 'Nightly report' }, actor: { kind: 'key', id: 3, name: 'deploy bot' } }],
    },
  ),
);

/** `{run_id}` of a run just made (trigger, retry). */
export const RunCreated = named('RunCreated', Type.Object({ run_id: Type.Integer({ minimum: 1, description: 'The new run: GET /v1/runs/{run_id}' }) }, { examples: [{ run_id: 314 }] }));

/**
 * The error responses of a route (its `response` entries), each a Problem document. Declare the statuses that the
 * route's own logic returns, e.g. `response: { 200: Task, ...problems(404, 409) }`; the OpenAPI document adds what
 * every route of its kind can return (openapi.ts): 400 with parameters or a body, 413 and 415 with a body, 401, 403
 * (a route that needs more than `read`), 429 and 503 on a route behind a key, as `application/problem+json`.
 */
export function problems(...codes: number[]): Record<number, typeof Problem> {
  return Object.fromEntries(codes.map((c) => [c, Problem]));
}
