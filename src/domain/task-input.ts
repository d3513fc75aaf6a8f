import { FieldErrors, ProblemError, type FieldError } from './errors.ts';
import { isValidTimezone, parseInterval, parseScheduleTime, validateCron } from './schedule.ts';
import { checkRegexSyntax } from './regex.ts';
import { checkTargetUrl, validateRequestHeaders } from './targets.ts';
import { unknownTflLines } from './tfl-lines.ts';
import type { ActionJson, HttpActionJson, OverlapPolicy, ScheduleJson, TaskRow } from './task.ts';
import { TaskInput, type HttpInput } from './task-schema.ts';
import { validateInput } from './validate.ts';
import type { MisfirePolicy } from './schedule.ts';

/**
 * Task input as it arrives, after the one task schema (task-schema.ts) has checked types and bounds: every field
 * optional; `null` clears one. The cross-field rules the schema cannot express live here, so HTTP and AMQP commands
 * share them. The types are derived from the schema, never written twice.
 */
export type { HttpInput, TaskInput } from './task-schema.ts';

/** The validated change: only the columns the input touches. */
export interface TaskChanges {
  title?: string | null;
  description?: string | null;
  schedule?: ScheduleJson | null;
  action?: ActionJson | null;
  expires_at?: Date | null;
  notify_before?: number;
  retry_max_attempts?: number;
  retry_backoff_s?: number;
  retry_max_backoff_s?: number;
  overlap?: OverlapPolicy;
  misfire?: MisfirePolicy;
}

export interface InputContext {
  defaultTimezone: string;
  allowPrivateTargets: boolean;
  /** The task being updated (null on create): a lone `timezone` re-times its cron schedule. */
  current: TaskRow | null;
}

export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
export const DEFAULT_TIMEOUT_MS = 10_000;
export const RETRY_DEFAULTS = { max_attempts: 3, backoff_s: 1, max_backoff_s: 300 } as const;

const has = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/** Validates `input` into column changes, naming every bad field at once (throws a 400 ProblemError). */
export function taskChangesFrom(input: TaskInput, ctx: InputContext): TaskChanges {
  const errors = new FieldErrors();
  const out: TaskChanges = {};
  if (has(input, 'title')) out.title = input.title ?? null;
  if (has(input, 'description')) out.description = input.description ?? null;
  const schedule = scheduleFrom(input, ctx, errors);
  if (schedule !== undefined) out.schedule = schedule;
  const action = actionFrom(input, ctx, errors);
  if (action !== undefined) out.action = action;
  if (has(input, 'expires_at')) out.expires_at = instantFrom('expires_at', input.expires_at ?? null, ctx, errors);
  if (has(input, 'notify_before')) out.notify_before = input.notify_before ?? 900;
  if (has(input, 'retry')) retryFrom(input.retry ?? null, out, errors);
  if (input.overlap !== undefined) out.overlap = input.overlap;
  if (input.misfire !== undefined) out.misfire = input.misfire;
  errors.throwIfAny();
  return out;
}

function timezoneOf(input: TaskInput, ctx: InputContext, errors: FieldErrors): string {
  const tz = input.timezone ?? null;
  if (tz === null) {
    return ctx.current?.schedule?.type === 'cron' ? ctx.current.schedule.timezone : ctx.defaultTimezone;
  }
  if (!isValidTimezone(tz)) errors.add('timezone', `unknown time zone "${tz}"; use an IANA name such as Europe/London`);
  return tz;
}

/** undefined: the schedule is not touched; null: cleared; else the new schedule. */
function scheduleFrom(input: TaskInput, ctx: InputContext, errors: FieldErrors): ScheduleJson | null | undefined {
  const given = (['schedule_time', 'cron', 'interval'] as const).filter((k) => input[k] !== undefined && input[k] !== null);
  const touched = (['schedule_time', 'cron', 'interval', 'timezone'] as const).some((k) => has(input, k));
  if (!touched) return undefined;
  if (given.length > 1) {
    for (const k of given) errors.add(k, `give at most one of schedule_time, cron and interval (got ${given.join(', ')})`);
    return undefined;
  }
  const tz = timezoneOf(input, ctx, errors);
  const which = given[0];
  if (which === undefined) {
    const cleared = (['schedule_time', 'cron', 'interval'] as const).some((k) => has(input, k));
    if (cleared) return null;
    // Only `timezone`: it re-times the current cron schedule.
    const cur = ctx.current?.schedule;
    if (cur?.type === 'cron') return { type: 'cron', expression: cur.expression, timezone: tz };
    if (input.timezone !== null) errors.add('timezone', 'timezone applies to a cron schedule; give cron with it');
    return undefined;
  }
  if (which === 'cron') {
    const expression = String(input.cron).trim().split(/\s+/).join(' ');
    const bad = validateCron(expression);
    if (bad !== null) errors.add('cron', bad);
    return { type: 'cron', expression, timezone: tz };
  }
  if (which === 'interval') {
    const r = parseInterval(input.interval);
    if (!r.ok) errors.add('interval', r.message);
    return { type: 'interval', seconds: r.ok ? r.seconds : 1 };
  }
  const at = instantFrom('schedule_time', input.schedule_time ?? null, ctx, errors, tz);
  return { type: 'once', at: (at ?? new Date(0)).toISOString() };
}

function instantFrom(field: string, v: string | null, ctx: InputContext, errors: FieldErrors, tz?: string): Date | null {
  if (v === null) return null;
  const r = parseScheduleTime(v, tz ?? ctx.defaultTimezone);
  if (!r.ok) {
    errors.add(field, r.message);
    return null;
  }
  return r.at;
}

function actionFrom(input: TaskInput, ctx: InputContext, errors: FieldErrors): ActionJson | null | undefined {
  const action = actionFieldsFrom(input, ctx, errors);
  return input.sign === undefined && action?.type !== 'http' ? action : signedAction(action, input.sign, ctx, errors);
}

function actionFieldsFrom(input: TaskInput, ctx: InputContext, errors: FieldErrors): ActionJson | null | undefined {
  const linesGiven = input.lines !== undefined && input.lines !== null;
  const httpGiven = input.http !== undefined && input.http !== null;
  if (!has(input, 'lines') && !has(input, 'http')) return undefined;
  if (linesGiven && httpGiven) {
    errors.add('lines', 'give at most one of lines and http');
    errors.add('http', 'give at most one of lines and http');
    return undefined;
  }
  if (linesGiven) return linesAction(input.lines ?? [], errors);
  if (httpGiven && input.http) return httpAction(input.http, ctx, errors);
  return null;
}

/**
 * `sign` on the action it applies to: the new http action, else (a lone `sign` on update) the current one. Not
 * given, a replaced http action keeps the current setting, so changing a URL does not silently stop signing.
 */
function signedAction(action: ActionJson | null | undefined, sign: boolean | undefined, ctx: InputContext, errors: FieldErrors): ActionJson | null | undefined {
  const current = ctx.current?.action ?? null;
  // The current action as input again: its `***` values stand for the stored secrets (sealHttpAction keeps them).
  const base = action === undefined && current?.type === 'http' ? current : action;
  if (base?.type !== 'http') {
    if (sign === true) errors.add('sign', 'sign applies to an http action: give http with it');
    return action;
  }
  const on = sign ?? (current?.type === 'http' && current.sign === true);
  const out: HttpActionJson = { ...base };
  if (on) out.sign = true;
  else delete out.sign;
  return out;
}

function linesAction(raw: string[] | string, errors: FieldErrors): ActionJson {
  const list = (Array.isArray(raw) ? raw : [raw])
    .flatMap((s) => s.split(','))
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== '');
  const lines = [...new Set(list)];
  if (lines.length === 0) errors.add('lines', 'give at least one TfL line id, e.g. central');
  const unknown = unknownTflLines(lines);
  if (unknown.length > 0) {
    errors.add('lines', `unknown TfL line id${unknown.length > 1 ? 's' : ''} ${unknown.map((l) => `"${l}"`).join(', ')}`);
  }
  return { type: 'tfl_line_status', lines };
}

function httpAction(h: HttpInput, ctx: InputContext, errors: FieldErrors): HttpActionJson {
  const method = (h.method ?? 'GET').toUpperCase();
  if (!(HTTP_METHODS as readonly string[]).includes(method)) {
    errors.add('http.method', `method must be one of ${HTTP_METHODS.join(', ')}`);
  }
  const target = checkTargetUrl(h.url, ctx.allowPrivateTargets);
  if (!target.ok) errors.add('http.url', target.message);
  const headers = h.headers ?? {};
  for (const e of validateRequestHeaders(headers)) errors.add(e.field, e.message);
  let body: string | null = null;
  if (h.body !== undefined && h.body !== null) {
    body = typeof h.body === 'string' ? h.body : JSON.stringify(h.body);
    const hasType = Object.keys(headers).some((k) => k.toLowerCase() === 'content-type');
    if (typeof h.body !== 'string' && !hasType) headers['content-type'] = 'application/json';
    if (method === 'GET' || method === 'HEAD') errors.add('http.body', `a ${method} request cannot have a body`);
  }
  const expect = h.expect_status ?? null;
  const expectList = expect === null ? null : Array.isArray(expect) ? expect : [expect];
  if (expectList?.length === 0) errors.add('http.expect_status', 'give at least one status code, or null for any 2xx');
  const regex = h.expect_body_regex ?? null;
  if (regex !== null) {
    const bad = checkRegexSyntax(regex);
    if (bad !== null) errors.add('http.expect_body_regex', bad);
  }
  return {
    type: 'http',
    method,
    url: target.ok ? target.url.toString() : h.url,
    headers,
    body,
    timeout_ms: h.timeout_ms ?? DEFAULT_TIMEOUT_MS,
    expect_status: expectList,
    expect_body_regex: regex,
  };
}

function retryFrom(r: TaskInput['retry'], out: TaskChanges, errors: FieldErrors): void {
  const merged = { ...RETRY_DEFAULTS, ...(r ?? {}) };
  if (merged.max_backoff_s < merged.backoff_s) {
    errors.add('retry.max_backoff_s', 'must be at least retry.backoff_s');
  }
  out.retry_max_attempts = merged.max_attempts;
  out.retry_backoff_s = merged.backoff_s;
  out.retry_max_backoff_s = merged.max_backoff_s;
}

/** What a new task must have, beyond valid fields: something to do or watch, and an action for a schedule. */
export function requireCreatable(changes: TaskChanges): void {
  if (changes.schedule === undefined && changes.action === undefined && changes.expires_at === undefined) {
    throw new ProblemError('invalid_field', 'A task needs a schedule, an action or a deadline.', [
      { field: 'schedule_time', message: 'give schedule_time, cron or interval (with http or lines), or expires_at' },
    ]);
  }
  if (changes.schedule != null && changes.action == null) {
    throw new ProblemError('invalid_field', 'A schedule needs something to run.', [
      { field: 'http', message: 'a scheduled task needs an action: give http or lines' },
    ]);
  }
}

/**
 * Validates the items of a batch create each as a single create is (the task schema, the cross-field rules, then
 * `requireCreatable`), naming every bad field by its item's index (`tasks[3].cron`) in one 400. An item the schema
 * refuses is named by the schema alone: its fields are not of the types the rules read. `schemaChecked`: the items
 * have passed the task schema already.
 */
export function taskBatchChangesFrom(items: readonly unknown[], ctx: InputContext, schemaChecked = false): TaskChanges[] {
  const errors = new FieldErrors();
  const out: TaskChanges[] = [];
  items.forEach((item, i) => {
    const at = `tasks[${i}]`;
    const named = (field: string): string => (field === at ? at : `${at}.${field}`);
    // A route whose body schema already checked every item (the HTTP handler) skips the second pass.
    const schemaErrors = schemaChecked ? [] : validateInput(TaskInput, item, at);
    for (const e of schemaErrors) errors.add(named(e.field), e.message);
    if (schemaErrors.length > 0) return;
    try {
      const changes = taskChangesFrom(item as TaskInput, ctx);
      requireCreatable(changes);
      out.push(changes);
    } catch (e) {
      if (!(e instanceof ProblemError)) throw e;
      for (const fe of e.errors) errors.add(named(fe.field), fe.message);
    }
  });
  errors.throwIfAny();
  return out;
}

export type { FieldError };
