import { Type, type Static, type TSchema } from 'typebox';

/**
 * The one input schema of a task, used by every door (HTTP routes, AMQP commands): a field is valid or invalid the
 * same way everywhere, with the bounds API.md documents. The TypeScript input types are derived from it with
 * Static<>, never written twice. Cross-field rules the schema cannot express live in task-input.ts.
 */

export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

/**
 * Names a schema (its JSON Schema `title`): the OpenAPI document lists it once under `components.schemas` and refers
 * to it by `$ref` wherever it is used. An annotation only: validation and serialisation ignore it.
 */
export const named = <T extends TSchema>(name: string, schema: T): T => Object.assign(schema, { title: name });

const Status = Type.Integer({ minimum: 100, maximum: 599 });

export const HttpInput = named(
  'HttpInput',
  Type.Object(
    {
      method: Type.Optional(Type.String({ minLength: 1, maxLength: 10, description: 'The HTTP method, default GET', examples: ['POST'] })),
      url: Type.String({ minLength: 1, maxLength: 2048, description: 'The URL called (http or https; private addresses only when the service allows them)', examples: ['https://example.com/report'] }),
      headers: Type.Optional(
        Type.Record(Type.String({ maxLength: 256 }), Type.String(), {
          maxProperties: 50,
          description: 'Request headers; secret-looking values (Authorization, *token*, *key*, …) are stored sealed and shown as ***',
        }),
      ),
      body: Type.Optional(
        Type.Union(
          [
            Type.String({ maxLength: 262_144, description: 'Sent as is' }),
            Type.Object({}, { additionalProperties: true, description: 'Sent as JSON' }),
            Type.Array(Type.Unknown(), { description: 'Sent as JSON' }),
            Type.Null(),
          ],
          { description: 'The request body: a string is sent as is; a JSON object or array is sent as JSON' },
        ),
      ),
      timeout_ms: Type.Optional(Type.Integer({ minimum: 1, maximum: 300_000, description: 'Milliseconds the call may take, default 10000' })),
      expect_status: Type.Optional(
        Nullable(Type.Union([Status, Type.Array(Status, { maxItems: 50 })], { description: 'The statuses that count as success; default any 2xx' })),
      ),
      expect_body_regex: Type.Optional(Nullable(Type.String({ maxLength: 1000, description: 'A JavaScript regular expression the response body must match to succeed' }))),
    },
    { additionalProperties: false, description: 'The action is an HTTP call' },
  ),
);
export type HttpInput = Static<typeof HttpInput>;

export const RetryInput = named(
  'RetryInput',
  Type.Object(
    {
      max_attempts: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: 'Attempts per firing, default 3' })),
      backoff_s: Type.Optional(Type.Number({ minimum: 0, maximum: 86_400, description: 'Seconds before the second attempt, default 1; doubled for each later one' })),
      max_backoff_s: Type.Optional(Type.Number({ minimum: 0, maximum: 86_400, description: 'The longest wait between attempts, default 300' })),
    },
    { additionalProperties: false, description: 'Attempt n+1 waits backoff_s·2^(n−1) seconds, capped at max_backoff_s, less a random jitter of up to 20 %' },
  ),
);
export type RetryInput = Static<typeof RetryInput>;

/** Every field optional; `null` clears one (on update). */
export const TaskInput = named(
  'TaskInput',
  Type.Object(
    {
      title: Type.Optional(Nullable(Type.String({ maxLength: 200, description: 'A name for people, up to 200 characters' }))),
      description: Type.Optional(Nullable(Type.String({ maxLength: 5000, description: 'Free text, up to 5000 characters' }))),
      schedule_time: Type.Optional(
        Nullable(Type.String({ minLength: 1, maxLength: 64, description: 'Run once at this ISO 8601 time; without an offset it is read in `timezone`. A time already past runs at once', examples: ['2026-04-01T09:00:00+01:00'] })),
      ),
      cron: Type.Optional(
        Nullable(Type.String({ minLength: 1, maxLength: 200, description: 'Run on this cron schedule (5 fields, or 6 with seconds first), in `timezone`, DST-correct', examples: ['0 8 * * 1-5'] })),
      ),
      interval: Type.Optional(
        Nullable(
          Type.Union([Type.Integer({ minimum: 1 }), Type.String({ minLength: 1, maxLength: 20 })], {
            description: 'Run every this many seconds (or "90s", "5m", "2h") on a fixed cadence; the first run is one interval from now',
            examples: [300],
          }),
        ),
      ),
      timezone: Type.Optional(
        Nullable(Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone of `cron` and of times without an offset; default the service\'s TICKWORK_TIMEZONE', examples: ['Europe/London'] })),
      ),
      lines: Type.Optional(
        Nullable(
          Type.Union([Type.Array(Type.String({ maxLength: 50 }), { maxItems: 30 }), Type.String({ maxLength: 1000 })], {
            description: 'The action is a London Underground line-disruption check of these TfL line ids (a list, or comma-separated)',
            examples: [['central', 'victoria']],
          }),
        ),
      ),
      http: Type.Optional(Nullable(HttpInput)),
      expires_at: Type.Optional(
        Nullable(Type.String({ minLength: 1, maxLength: 64, description: 'A deadline (ISO 8601): `task.expiring` is emitted `notify_before` seconds before it, `task.expired` at it' })),
      ),
      notify_before: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 31_536_000, description: 'Seconds before `expires_at` to emit `task.expiring`, default 900' }))),
      retry: Type.Optional(Nullable(RetryInput)),
      overlap: Type.Optional(
        Type.Union([Type.Literal('skip'), Type.Literal('allow')], { description: 'Recurring tasks: `skip` (default) or `allow` a run while the previous one is still running' }),
      ),
      misfire: Type.Optional(
        Type.Union([Type.Literal('run_once'), Type.Literal('skip'), Type.Literal('run_all')], {
          description: 'What a recurring task does with times missed while the service was down: `run_once` (default), `skip`, `run_all`',
        }),
      ),
      sign: Type.Optional(
        Type.Boolean({
          description:
            "Default false. true: every call of the http action carries Standard Webhooks headers (webhook-id = <run id>-<attempt>, webhook-timestamp, webhook-signature) signed with the tenant's signing secret (POST /v1/signing-secret/rotate), so the target can verify it. Only for http actions; kept when http is replaced without it. A run in a tenant without a signing secret fails, saying so; the target is never called unsigned.",
        }),
      ),
    },
    {
      additionalProperties: false,
      description: 'A task to create, or the fields of one to change (`null` clears a field). At most one of schedule_time, cron and interval; at most one of lines and http',
      examples: [
        { title: 'Nightly report', cron: '0 2 * * *', timezone: 'Europe/London', http: { method: 'POST', url: 'https://example.com/report', headers: { Authorization: 'Bearer s3cret' } }, retry: { max_attempts: 5 } },
        { title: 'Tube before work', cron: '0 8 * * 1-5', timezone: 'Europe/London', lines: ['central', 'victoria'] },
      ],
    },
  ),
);
export type TaskInput = Static<typeof TaskInput>;

/** Most tasks one batch create takes (`POST /v1/tasks/batch`). */
export const TASK_BATCH_MAX = 1000;

/** A batch create: each item is the body of a single create. */
export const TaskBatchInput = Type.Object(
  { tasks: Type.Array(TaskInput, { minItems: 1, maxItems: TASK_BATCH_MAX, description: `1 to ${TASK_BATCH_MAX} tasks, each the body of POST /v1/tasks` }) },
  { additionalProperties: false },
);
export type TaskBatchInput = Static<typeof TaskBatchInput>;
