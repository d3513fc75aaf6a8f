import type { FastifyRequest } from 'fastify';
import { ProblemError, invalidFields, type FieldError } from '../domain/errors.ts';
import { unsafeJsonProblems, unstorableText } from '../domain/json-safety.ts';

/**
 * The checks every request passes before a route looks at it (FAULTS S12): nothing a client sends may reach the
 * database, `new Date()` or the serialiser in a form that fails there, because such a failure is a 500 instead of
 * a 400 naming what was wrong. Bodies are checked once as parsed (JSON and forms alike); query values, path
 * parameters and the headers tickwork reads are checked before schema validation.
 */

/** Why a parsed body (JSON or a converted form) cannot be accepted, as a 400 naming each field; null when fine. */
export function unsafeBodyProblem(body: unknown): ProblemError | null {
  const errors = unsafeJsonProblems(body);
  return errors.length === 0 ? null : invalidFields(errors);
}

/** The query parameters and path parameters: NUL and lone surrogates are refused before any pattern runs. */
export function checkQueryAndParams(request: FastifyRequest): void {
  const query = textProblems(request.query);
  if (query.length > 0) {
    throw new ProblemError('invalid_query', `Invalid query parameter(s): ${query.map((e) => e.field).join(', ')}.`, query);
  }
  const params = textProblems(request.params);
  if (params.length > 0) {
    throw new ProblemError('invalid_id', `Invalid path parameter(s): ${params.map((e) => e.field).join(', ')}.`, params);
  }
}

function textProblems(values: unknown): FieldError[] {
  if (typeof values !== 'object' || values === null) return [];
  const out: FieldError[] = [];
  for (const [name, value] of Object.entries(values)) {
    const nameProblem = unstorableText(name);
    if (nameProblem !== null) {
      out.push({ field: JSON.stringify(name).slice(1, -1), message: `the name ${nameProblem}` });
      continue;
    }
    for (const v of [value].flat()) {
      const why = typeof v === 'string' ? unstorableText(v) : null;
      if (why !== null) {
        out.push({ field: name, message: why });
        break;
      }
    }
  }
  return out;
}

/**
 * `Idempotency-Key`, as the IETF draft defines it (an sf-string): 1 to 255 printable ASCII characters. Anything else
 * is a 400 rather than a key stored in a form another client could not send back.
 */
const IDEMPOTENCY_KEY = /^[\x20-\x7e]{1,255}$/;

/** The request headers tickwork reads, checked where they are read: Idempotency-Key on POST. */
export function checkReadHeaders(request: FastifyRequest): void {
  const key = request.headers['idempotency-key'];
  if (request.method !== 'POST' || key === undefined) return;
  if (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key)) {
    const message = typeof key === 'string' ? 'must be 1 to 255 printable ASCII characters' : 'must be given once';
    throw new ProblemError('invalid_field', `Idempotency-Key ${message}.`, [{ field: 'Idempotency-Key', message }]);
  }
}

/** RFC 3339 with its offset; the offset is required, so a query time means one instant whatever the server's zone. */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-](\d{2}):(\d{2}))$/;

/**
 * Why `raw` is not a time tickwork accepts from a client, or null. Years 0001 to 9999 only: JavaScript dates reach
 * ±275760 and PostgreSQL's 4713 BC, and a value past either failed in the database or the serialiser (a 500)
 * instead of here (a 400).
 */
export function timeProblem(raw: string): string | null {
  const m = RFC3339.exec(raw);
  if (m === null) return 'must be an RFC 3339 time with an offset, such as 2026-03-08T09:30:00Z';
  const [, y, mo, d, h, mi, s, , , oh, om] = m.map((part) => (part === undefined ? 0 : Number(part)));
  const year = y ?? 0;
  const month = mo ?? 0;
  const day = d ?? 0;
  if (year < 1 || year > 9999) return 'the year must be between 0001 and 9999';
  const daysInMonth = new Date(Date.UTC(2000, month, 0)).getUTCDate() - (month === 2 && !isLeap(year) ? 1 : 0);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || (h ?? 0) > 23 || (mi ?? 0) > 59 || (s ?? 0) > 59 || (oh ?? 0) > 23 || (om ?? 0) > 59) {
    return 'a field of the time is out of range';
  }
  return Number.isNaN(new Date(raw.toUpperCase()).getTime()) ? 'is not a valid time' : null;
}

/** A time given in a query (`since`, `until`) as a Date; a 400 naming the parameter when `timeProblem` finds one. */
export function parseQueryTime(raw: string, field: string): Date {
  const problem = timeProblem(raw);
  if (problem !== null) throw new ProblemError('invalid_query', `${field} is not a time tickwork accepts.`, [{ field, message: problem }]);
  return new Date(raw.toUpperCase());
}

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
