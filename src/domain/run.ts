import { Type, type Static } from 'typebox';
import { Nullable, named } from './task-schema.ts';

/**
 * A run (one attempt of one firing of a task) and its one JSON rendering. The API shows it as it is; an event about
 * a run carries the same rendering under `run_id` (the event's subject is the task) plus what only the event knows.
 */

export const RunStatusSchema = named('RunStatus', Type.Union([
  Type.Literal('pending'),
  Type.Literal('running'),
  Type.Literal('succeeded'),
  Type.Literal('failed'),
  Type.Literal('timed_out'),
  Type.Literal('abandoned'),
  Type.Literal('cancelled'),
], { description: '`pending` waits for its time or its retry; `abandoned`: its worker died (retried per policy)' }));
export type RunStatus = Static<typeof RunStatusSchema>;

const Time = Type.String({ description: 'ISO 8601 time in UTC' });
const Id = Type.Integer({ minimum: 1 });

export const Run = named(
  'Run',
  Type.Object(
    {
      id: Id,
      task_id: Id,
      scheduled_for: Type.String({ description: 'The firing this run is an attempt of, ISO 8601 in UTC' }),
      started_at: Nullable(Time),
      finished_at: Nullable(Time),
      attempt: Type.Integer({ minimum: 1, description: 'Which attempt of the firing, from 1' }),
      status: RunStatusSchema,
      http_status: Nullable(Type.Integer({ description: 'The status the target answered' })),
      duration_ms: Nullable(Type.Integer()),
      error: Nullable(Type.String({ description: 'Why the attempt failed' })),
      result: Type.Unknown({ description: 'What the action returned: parsed disruptions, or up to 4 KiB of the body' }),
    },
    {
      description: 'One attempt of one firing of a task',
      examples: [
        {
          id: 314, task_id: 42, scheduled_for: '2026-03-30T01:00:00.000Z', started_at: '2026-03-30T01:00:00.012Z', finished_at: '2026-03-30T01:00:00.230Z',
          attempt: 1, status: 'succeeded', http_status: 200, duration_ms: 218, error: null, result: { body: 'ok' },
        },
      ],
    },
  ),
);
export type RunJson = Static<typeof Run>;

/**
 * What a rendering needs of a run. The engine knows less of a run it has just claimed or settled than a stored row
 * holds (no outcome yet, no result), so the outcome fields may be absent: absent is rendered as null.
 */
export interface RunFacts<S extends string = string> {
  id: number;
  task_id: number;
  attempt: number;
  status: S;
  scheduled_for: Date;
  started_at: Date | null;
  finished_at?: Date | null;
  http_status?: number | null;
  duration_ms?: number | null;
  error?: string | null;
  result?: unknown;
}

const iso = (d: Date | null | undefined): string | null => d?.toISOString() ?? null;

function render<S extends string>(r: RunFacts<S>) {
  return {
    id: r.id,
    task_id: r.task_id,
    scheduled_for: r.scheduled_for.toISOString(),
    started_at: iso(r.started_at),
    finished_at: iso(r.finished_at),
    attempt: r.attempt,
    status: r.status,
    http_status: r.http_status ?? null,
    duration_ms: r.duration_ms ?? null,
    error: r.error ?? null,
    result: r.result ?? null,
  };
}

/** A run as the API shows it (`GET /v1/runs/{id}`, lists, cancel). */
export function runToJson(r: RunFacts<RunStatus>): RunJson {
  return render(r);
}

/** What only an event knows about a run: whether a failed attempt was the last and when the next one is due. */
export interface RunEventExtra {
  final?: boolean;
  next_attempt_at?: string | null;
  [field: string]: unknown;
}

/**
 * An event's `data` about a run: the rendering above, with the run's id as `run_id` and without `result` (events
 * stay small; the run holds it), plus `extra`.
 */
export function runEventData(r: RunFacts, extra: RunEventExtra = {}): Record<string, unknown> {
  const j = render(r);
  return {
    run_id: j.id,
    task_id: j.task_id,
    attempt: j.attempt,
    status: j.status,
    scheduled_for: j.scheduled_for,
    started_at: j.started_at,
    finished_at: j.finished_at,
    http_status: j.http_status,
    duration_ms: j.duration_ms,
    error: j.error,
    ...extra,
  };
}

/** A run as stored (one row of `runs`): one attempt of one firing of a task. */
export interface RunRow {
  id: number;
  tenant_id: string;
  task_id: number;
  scheduled_for: Date;
  attempt: number;
  origin: 'schedule' | 'manual';
  status: RunStatus;
  due_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  late_ms: number | null;
  http_status: number | null;
  duration_ms: number | null;
  error: string | null;
  result: unknown;
  worker_id: string | null;
  created_at: Date;
}
