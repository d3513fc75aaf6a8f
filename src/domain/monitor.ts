import { Type, type Static } from 'typebox';
import type { JsonAssertion } from './json-assertion.ts';
import { JsonExpectation } from './monitor-schema.ts';
import { Nullable, named } from './task-schema.ts';

/**
 * A monitor and its checks: the one shape of each as stored and as shown (API, events, `last_check`), and the one
 * renderer of each. The API's response schemas are these; the types are derived from them.
 */

const Time = Type.String({ description: 'ISO 8601 time in UTC' });

/** A check as the API, the events and the monitor's `last_check` show it. */
export const Check = named('Check', Type.Object({
  id: Type.Integer(),
  checked_at: Time,
  status_code: Nullable(Type.Integer()),
  latency_ms: Type.Integer(),
  matched: Nullable(Type.Boolean()),
  ok: Type.Boolean(),
  error: Nullable(Type.String()),
  cert_days_left: Nullable(Type.Number({ description: 'https: days left on the certificate presented' })),
}, { description: 'One check of a monitor: `ok` when the status is expected and the body matches' }));
export type Check = Static<typeof Check>;

const Percent = Nullable(Type.Number());
const Uptime = Type.Object({ '24h': Percent, '7d': Percent, '30d': Percent }, { description: 'Percent of ok checks; null without checks' });
const Latency = Type.Object({ p50: Nullable(Type.Integer()), p95: Nullable(Type.Integer()) }, { description: 'Over the last 24 h' });

/** A monitor as the API shows it. */
export const Monitor = named('Monitor', Type.Object({
  id: Type.Integer(),
  type: Type.Union([Type.Literal('http'), Type.Literal('heartbeat')]),
  url: Nullable(Type.String()),
  regexp: Nullable(Type.String()),
  method: Type.String(),
  interval: Type.Integer({ description: 'Seconds between checks; for a heartbeat, its period' }),
  period: Nullable(Type.Integer({ description: 'Heartbeats: seconds between expected pings' })),
  grace: Nullable(Type.Integer({ description: 'Heartbeats: seconds a ping may be late' })),
  ping_url: Nullable(Type.String({ description: 'Heartbeats: GET or POST it (no API key) to report in' })),
  last_ping_at: Nullable(Time),
  timeout_ms: Type.Integer(),
  expect_status: Nullable(Type.Array(Type.Integer())),
  expect_json: Nullable(JsonExpectation),
  failure_threshold: Type.Integer(),
  cert_expires_at: Nullable(Type.String({ description: 'https: when the certificate seen at the latest check expires' })),
  status: Type.Union([Type.Literal('pending'), Type.Literal('up'), Type.Literal('down')]),
  active: Type.Boolean(),
  last_check: Nullable(Check),
  next_check_at: Nullable(Time),
  uptime: Uptime,
  latency_ms: Latency,
  created_at: Time,
  updated_at: Time,
}, {
  description: 'A URL monitor or a heartbeat monitor, with its status and figures',
  examples: [
    {
      id: 3, type: 'http', url: 'https://example.com/health', regexp: 'ok', method: 'GET', interval: 300, period: null, grace: null, ping_url: null,
      last_ping_at: null, timeout_ms: 10000, expect_status: null, expect_json: null, failure_threshold: 2, cert_expires_at: '2026-06-01T12:00:00.000Z',
      status: 'up', active: true,
      last_check: { id: 77, checked_at: '2026-03-29T08:05:00.000Z', status_code: 200, latency_ms: 41, matched: true, ok: true, error: null, cert_days_left: 64 },
      next_check_at: '2026-03-29T08:10:00.000Z', uptime: { '24h': 100, '7d': 99.9, '30d': 99.95 }, latency_ms: { p50: 40, p95: 88 },
      created_at: '2026-03-01T10:00:00.000Z', updated_at: '2026-03-01T10:00:00.000Z',
    },
  ],
}));
export type Monitor = Static<typeof Monitor>;

export type MonitorType = Monitor['type'];
export type MonitorStatus = Monitor['status'];

/** Uptime and latency percentiles, read from the hourly rollups. */
export interface MonitorFigures {
  uptime: Static<typeof Uptime>;
  latency_ms: Static<typeof Latency>;
}

/** A monitor as stored (one row of `monitors`, never the lease or the token hash). */
export interface MonitorRow {
  id: number;
  tenant_id: string;
  type: MonitorType;
  /** Null for heartbeat monitors (they call nothing). */
  url: string | null;
  regexp: string | null;
  method: string;
  /** The check interval; for a heartbeat, the period in which a ping is expected. */
  interval_s: number;
  /** Heartbeats: seconds a ping may be late before it counts as missed. */
  grace_s: number | null;
  /** Heartbeats: the sealed ping token (never shown as is; the API opens it into `ping_url`). */
  ping_token_enc: string | null;
  last_ping_at: Date | null;
  expect_json: JsonAssertion | null;
  cert_expires_at: Date | null;
  timeout_ms: number;
  expect_status: number[] | null;
  failure_threshold: number;
  status: MonitorStatus;
  consecutive_failures: number;
  active: boolean;
  next_check_at: Date | null;
  last_check: Check | null;
  created_at: Date;
  updated_at: Date;
}

/** A check as stored (one row of `checks`): the shown check with its time as a Date. */
export type CheckRow = Omit<Check, 'checked_at'> & { checked_at: Date };

/** The one rendering of a check, for the API, the events and the monitor's `last_check`. */
export function checkToJson(c: CheckRow): Check {
  return {
    id: c.id,
    checked_at: c.checked_at.toISOString(),
    status_code: c.status_code,
    latency_ms: c.latency_ms,
    matched: c.matched,
    ok: c.ok,
    error: c.error,
    cert_days_left: c.cert_days_left,
  };
}

/** What every door shows of a monitor; the API adds the heartbeat's `period` and `ping_url`. */
export type MonitorJson = Omit<Monitor, 'period' | 'ping_url'>;

/**
 * A monitor as the API and its events show it. A heartbeat's `ping_url` is added by the API only (the token is a
 * secret: events travel to brokers and webhooks).
 */
export function monitorToJson(m: MonitorRow, figures: MonitorFigures | null): MonitorJson {
  return {
    id: m.id,
    type: m.type,
    url: m.url,
    regexp: m.regexp,
    method: m.method,
    interval: m.interval_s,
    grace: m.grace_s,
    last_ping_at: m.last_ping_at?.toISOString() ?? null,
    timeout_ms: m.timeout_ms,
    expect_status: m.expect_status,
    expect_json: m.expect_json,
    failure_threshold: m.failure_threshold,
    cert_expires_at: m.cert_expires_at?.toISOString() ?? null,
    status: m.status,
    active: m.active,
    last_check: m.last_check,
    next_check_at: m.active ? (m.next_check_at?.toISOString() ?? null) : null,
    uptime: figures?.uptime ?? { '24h': null, '7d': null, '30d': null },
    // A heartbeat calls nothing: it has no latency.
    latency_ms: m.type === 'http' && figures !== null ? figures.latency_ms : { p50: null, p95: null },
    created_at: m.created_at.toISOString(),
    updated_at: m.updated_at.toISOString(),
  };
}

/**
 * A monitor as the doors that create it answer (the API, commands): what every door shows, with a heartbeat's
 * `period` and its `ping_url` (`pingToken` opened by the caller, under `pingBase`, e.g. TICKWORK_PUBLIC_URL).
 */
export function monitorReply(m: MonitorRow, figures: MonitorFigures | null, pingToken: string | null, pingBase: string): Monitor {
  return {
    ...monitorToJson(m, figures),
    period: m.type === 'heartbeat' ? m.interval_s : null,
    ping_url: pingToken === null ? null : `${pingBase}/v1/ping/${pingToken}`,
  };
}
