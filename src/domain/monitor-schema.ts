import { Type, type Static } from 'typebox';
import { MAX_PATH_LENGTH } from './json-assertion.ts';
import { MAX_INTERVAL_S } from './schedule-input.ts';
import { Nullable, named } from './task-schema.ts';

/**
 * The one input schema of a monitor (create and update), used by every door, with the bounds API.md documents.
 * Cross-field and per-type rules the schema cannot express (fields of the other type, the url's target policy,
 * periods given as durations) are checked after it.
 */

const Status = Type.Integer({ minimum: 100, maximum: 599 });
export const MONITOR_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

const Seconds = (minimum: number, description: string) =>
  Type.Union([Type.Integer({ minimum, maximum: MAX_INTERVAL_S }), Type.String({ minLength: 1, maxLength: 20, pattern: '^[0-9]+[smhd]?$' })], { description });

export const JsonExpectation = named('JsonExpectation', Type.Object(
  {
    path: Type.String({ minLength: 1, maxLength: MAX_PATH_LENGTH, description: 'JSONPath subset: $, .name, ["name"], [index]' }),
    equals: Type.Optional(Type.Unknown({ description: 'The value found must equal this (deep equality); absent: the path must exist' })),
  },
  { additionalProperties: false, description: 'The body must be JSON with this value at this path' },
));

const fields = {
  type: Type.Optional(Type.Union([Type.Literal('http'), Type.Literal('heartbeat')], { description: 'Default http' })),
  url: Type.Optional(Type.String({ minLength: 1, maxLength: 2048, description: 'http monitors: the URL checked (required for them)' })),
  regexp: Type.Optional(Nullable(Type.String({ maxLength: 1000, description: 'JavaScript regular expression the body must match' }))),
  interval: Type.Optional(Seconds(1, 'Seconds between checks (or "90s", "5m", "2h", "1d"), default 60')),
  method: Type.Optional(Type.Union(MONITOR_METHODS.map((m) => Type.Literal(m)), { description: 'http monitors: the method, default GET' })),
  timeout_ms: Type.Optional(Type.Integer({ minimum: 1, maximum: 60_000, description: 'http monitors: milliseconds a check may take, default 10000' })),
  expect_status: Type.Optional(Nullable(Type.Union([Status, Type.Array(Status, { minItems: 1, maxItems: 50 })], { description: 'Default: any 2xx' }))),
  failure_threshold: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'Failed checks in a row that make it down, default 1' })),
  expect_json: Type.Optional(Nullable(JsonExpectation)),
  period: Type.Optional(Seconds(1, 'Heartbeat monitors: a ping is expected every this many seconds (or "90s", "5m", "2h", "1d")')),
  grace: Type.Optional(Seconds(0, 'Heartbeat monitors: how late a ping may be before it counts as missed, default 60 s')),
};

/** A new monitor. */
export const MonitorInput = named(
  'MonitorInput',
  Type.Object(fields, {
    additionalProperties: false,
    description: 'A monitor to create: an http monitor checks `url` every `interval`; a heartbeat monitor waits for a ping every `period`',
    examples: [
      { url: 'https://example.com/health', regexp: 'ok', interval: '5m', failure_threshold: 2 },
      { type: 'heartbeat', period: '1h', grace: '5m' },
    ],
  }),
);
export type MonitorInput = Static<typeof MonitorInput>;

/** An update: the type of a monitor is fixed at creation; everything else can change. */
export const MonitorPatch = named(
  'MonitorPatch',
  Type.Object(
    { ...fields, type: Type.Optional(Type.Never({ description: 'cannot be changed' })) },
    { additionalProperties: false, description: 'The fields of a monitor to change; its type is fixed', examples: [{ interval: 120, regexp: null }] },
  ),
);
export type MonitorPatch = Static<typeof MonitorPatch>;
