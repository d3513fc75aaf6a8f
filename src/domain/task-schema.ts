import { Type, type Static, type TSchema } from 'typebox';

/**
 * The one input schema of a task, used by every door (HTTP routes, AMQP commands): a field is valid or invalid the
 * same way everywhere, with the bounds API.md documents. The TypeScript input types are derived from it with
 * Static<>, never written twice. Cross-field rules the schema cannot express live in task-input.ts.
 */

export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

const Status = Type.Integer({ minimum: 100, maximum: 599 });

export const HttpInput = Type.Object(
  {
    method: Type.Optional(Type.String({ minLength: 1, maxLength: 10, description: 'Default GET' })),
    url: Type.String({ minLength: 1, maxLength: 2048 }),
    headers: Type.Optional(Type.Record(Type.String({ maxLength: 256 }), Type.String(), { maxProperties: 50 })),
    body: Type.Optional(
      Type.Union([Type.String({ maxLength: 262_144 }), Type.Object({}), Type.Array(Type.Unknown()), Type.Null()], {
        description: 'A string is sent as is; JSON values are sent as JSON',
      }),
    ),
    timeout_ms: Type.Optional(Type.Integer({ minimum: 1, maximum: 300_000, description: 'Default 10000' })),
    expect_status: Type.Optional(Nullable(Type.Union([Status, Type.Array(Status, { maxItems: 50 })]))),
    expect_body_regex: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
  },
  { additionalProperties: false },
);
export type HttpInput = Static<typeof HttpInput>;

export const RetryInput = Type.Object(
  {
    max_attempts: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    backoff_s: Type.Optional(Type.Number({ minimum: 0, maximum: 86_400 })),
    max_backoff_s: Type.Optional(Type.Number({ minimum: 0, maximum: 86_400 })),
  },
  { additionalProperties: false },
);
export type RetryInput = Static<typeof RetryInput>;

/** Every field optional; `null` clears one (on update). */
export const TaskInput = Type.Object(
  {
    title: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    description: Type.Optional(Nullable(Type.String({ maxLength: 5000 }))),
    schedule_time: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 64 }))),
    cron: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 200 }))),
    interval: Type.Optional(Nullable(Type.Union([Type.Integer({ minimum: 1 }), Type.String({ minLength: 1, maxLength: 20 })]))),
    timezone: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 64 }))),
    lines: Type.Optional(Nullable(Type.Union([Type.Array(Type.String({ maxLength: 50 }), { maxItems: 30 }), Type.String({ maxLength: 1000 })]))),
    http: Type.Optional(Nullable(HttpInput)),
    expires_at: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 64 }))),
    notify_before: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 31_536_000 }))),
    retry: Type.Optional(Nullable(RetryInput)),
    overlap: Type.Optional(Type.Union([Type.Literal('skip'), Type.Literal('allow')])),
    misfire: Type.Optional(Type.Union([Type.Literal('run_once'), Type.Literal('skip'), Type.Literal('run_all')])),
  },
  { additionalProperties: false },
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
