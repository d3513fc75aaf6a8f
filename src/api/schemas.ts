import { Type, type TSchema } from 'typebox';
import { Nullable } from '../domain/task-schema.ts';

/**
 * Request and response shapes. The same objects validate requests, serialise responses and generate the OpenAPI
 * document, so the docs cannot drift from the behaviour. Types are derived with Static<>, never written twice.
 */

// Input schemas live in domain/ (one per concept, used by every door); re-exported for the routes that use them.
export { Nullable, TaskInput } from '../domain/task-schema.ts';
export { Run } from '../domain/run.ts';

const Time = Type.String({ description: 'ISO 8601 time in UTC' });
const Id = Type.Integer({ minimum: 1 });

export const IdParams = Type.Object(
  { id: Type.String({ pattern: '^[1-9][0-9]{0,15}$', description: 'A positive integer id' }) },
  { additionalProperties: false },
);

const positiveInt = { pattern: '^[1-9][0-9]{0,8}$' } as const;
export const PageQuery = {
  limit: Type.Optional(Type.String({ ...positiveInt, description: 'Page size, default 50; above 500 is clamped' })),
  cursor: Type.Optional(Type.String({ maxLength: 1000, description: 'Opaque cursor from next_cursor' })),
};

export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String(),
    errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
  },
  { description: 'RFC 9457 problem document (application/problem+json)' },
);

export const page = <T extends TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), next_cursor: Nullable(Type.String()) });

const ScheduleOut = Nullable(
  Type.Union([
    Type.Object({ type: Type.Literal('once'), at: Time }),
    Type.Object({ type: Type.Literal('cron'), expression: Type.String(), timezone: Type.String() }),
    Type.Object({ type: Type.Literal('interval'), seconds: Type.Integer() }),
  ]),
);

const ActionOut = Nullable(
  Type.Union([
    Type.Object({ type: Type.Literal('tfl_line_status'), lines: Type.Array(Type.String()) }),
    Type.Object({
      type: Type.Literal('http'),
      method: Type.String(),
      url: Type.String(),
      headers: Type.Record(Type.String(), Type.String(), { description: 'Secret-looking values are shown as ***' }),
      body: Nullable(Type.String()),
      timeout_ms: Type.Integer(),
      expect_status: Nullable(Type.Array(Type.Integer())),
      expect_body_regex: Nullable(Type.String()),
      sign: Type.Optional(Type.Boolean({ description: 'Present and true when calls are signed (Standard Webhooks headers)' })),
    }),
  ]),
);

export const Task = Type.Object({
  id: Id,
  title: Nullable(Type.String()),
  description: Nullable(Type.String()),
  schedule: ScheduleOut,
  action: ActionOut,
  expires_at: Nullable(Time),
  notify_before: Type.Integer(),
  retry: Type.Object({ max_attempts: Type.Integer(), backoff_s: Type.Number(), max_backoff_s: Type.Number() }),
  overlap: Type.String(),
  misfire: Type.String(),
  state: Type.Union([Type.Literal('active'), Type.Literal('paused'), Type.Literal('completed'), Type.Literal('expired')]),
  next_run_at: Nullable(Time),
  last_run: Nullable(
    Type.Object({ id: Id, status: Type.String(), started_at: Nullable(Time), finished_at: Nullable(Time) }),
  ),
  created_at: Time,
  updated_at: Time,
});

export const Event = Type.Object({
  id: Id,
  type: Type.String(),
  created_at: Time,
  subject: Type.Object({ kind: Type.String(), id: Id }),
  data: Type.Unknown(),
});

/** Standard error responses of a route, for the OpenAPI document. */
export function problems(...codes: number[]): Record<number, typeof Problem> {
  return Object.fromEntries([401, 429, ...codes].map((c) => [c, Problem]));
}
