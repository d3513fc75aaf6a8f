import { FieldErrors, invalidFields } from './errors.ts';
import type { JsonAssertion } from './json-assertion.ts';
import { parseJsonPath } from './json-assertion.ts';
import type { MonitorType } from './monitor.ts';
import type { MonitorInput } from './monitor-schema.ts';
import { checkRegexSyntax } from './regex.ts';
import { parseInterval } from './schedule-input.ts';
import { checkTargetUrl } from './targets.ts';

/**
 * The rules of a monitor's input that its schema (monitor-schema.ts) cannot express, naming every bad field at
 * once: fields of the other monitor type, the url's target policy, the regexp's syntax, the JSON path, periods
 * given as durations, and what each type requires on creation.
 */

/** Validated monitor fields; on update only the fields given are set. */
export interface MonitorChanges {
  url?: string;
  regexp?: string | null;
  method?: string;
  interval_s?: number;
  timeout_ms?: number;
  expect_status?: number[] | null;
  failure_threshold?: number;
  grace_s?: number;
  expect_json?: JsonAssertion | null;
}

/** What creating a monitor needs, by type. */
export type NewMonitor =
  | { type: 'http'; changes: MonitorChanges & { url: string } }
  | { type: 'heartbeat'; periodS: number; graceS: number; failureThreshold: number };

/** Fields that only one type of monitor takes. */
const HTTP_ONLY = ['url', 'regexp', 'method', 'timeout_ms', 'expect_status', 'expect_json', 'interval'] as const;
const HEARTBEAT_ONLY = ['period', 'grace'] as const;
const DEFAULT_GRACE_S = 60;
/** The longest `expect_json.equals`, as JSON: it is compared with the body on every check. */
const MAX_EQUALS_LENGTH = 10_000;

/** A seconds field (integer or duration string, as a task's `interval`; 0 only where `zeroOk`), or an error for it. */
function seconds(raw: number | string, field: string, zeroOk: boolean, errors: FieldErrors): number | undefined {
  if (/^0[smhd]?$/.test(String(raw))) {
    if (zeroOk) return 0;
    errors.add(field, 'must be at least 1 second');
    return undefined;
  }
  const parsed = parseInterval(raw);
  if (parsed.ok) return parsed.seconds;
  errors.add(field, parsed.message);
  return undefined;
}

/** The fields of `input` for a monitor of `type`, validated; throws naming every bad field. */
export function monitorChanges(input: MonitorInput, type: MonitorType, allowPrivate: boolean): MonitorChanges {
  const errors = new FieldErrors();
  const out: MonitorChanges = {};
  // A field of the other type is named once, as not used, and not also parsed.
  for (const f of type === 'heartbeat' ? HTTP_ONLY : HEARTBEAT_ONLY) {
    if (input[f] !== undefined) errors.add(f, `is not used by ${type} monitors`);
  }
  if (input.period !== undefined && type === 'heartbeat') {
    const p = seconds(input.period, 'period', false, errors);
    if (p !== undefined) out.interval_s = p;
  }
  if (input.grace !== undefined && type === 'heartbeat') {
    const g = seconds(input.grace, 'grace', true, errors);
    if (g !== undefined) out.grace_s = g;
  }
  if (input.expect_json !== undefined && input.expect_json !== null) {
    const steps = parseJsonPath(input.expect_json.path);
    if (typeof steps === 'string') errors.add('expect_json.path', steps);
    if ('equals' in input.expect_json && JSON.stringify(input.expect_json.equals ?? null).length > MAX_EQUALS_LENGTH) {
      errors.add('expect_json.equals', `must be at most ${MAX_EQUALS_LENGTH} characters as JSON`);
    }
  }
  if (input.expect_json !== undefined) out.expect_json = input.expect_json;
  if (input.url !== undefined) {
    const u = checkTargetUrl(input.url, allowPrivate);
    if (u.ok) out.url = input.url;
    else errors.add('url', u.message);
  }
  if (input.regexp !== undefined) {
    const problem = input.regexp === null ? null : checkRegexSyntax(input.regexp);
    if (problem === null) out.regexp = input.regexp === '' ? null : input.regexp;
    else errors.add('regexp', problem);
  }
  if (input.interval !== undefined && type === 'http') {
    const i = seconds(input.interval, 'interval', false, errors);
    if (i !== undefined) out.interval_s = i;
  }
  errors.throwIfAny();
  if (input.method !== undefined) out.method = input.method;
  if (input.timeout_ms !== undefined) out.timeout_ms = input.timeout_ms;
  if (input.expect_status !== undefined) {
    out.expect_status = input.expect_status === null ? null : [input.expect_status].flat();
  }
  if (input.failure_threshold !== undefined) out.failure_threshold = input.failure_threshold;
  return out;
}

/** A new monitor from its input: the fields validated, then what its type requires (an http url, a heartbeat period). */
export function newMonitor(input: MonitorInput, allowPrivate: boolean): NewMonitor {
  const type = input.type ?? 'http';
  const changes = monitorChanges(input, type, allowPrivate);
  if (type === 'heartbeat') {
    if (changes.interval_s === undefined) throw invalidFields([{ field: 'period', message: 'is required for heartbeat monitors' }]);
    return {
      type,
      periodS: changes.interval_s,
      graceS: changes.grace_s ?? DEFAULT_GRACE_S,
      failureThreshold: changes.failure_threshold ?? 1,
    };
  }
  if (changes.url === undefined) throw invalidFields([{ field: 'url', message: 'is required' }]);
  return { type, changes: { ...changes, url: changes.url } };
}
