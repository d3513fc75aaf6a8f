/**
 * The catalogue of expected failures. Each code has one meaning, one HTTP status and a title that says what to do.
 * Anything thrown that is not a ProblemError is unexpected: it is logged with context and answered as a plain 500.
 */
export const problemCatalogue = {
  invalid_field: { status: 400, title: 'The request has invalid fields; see errors for each one.' },
  invalid_id: { status: 400, title: 'The id in the path must be a positive integer.' },
  invalid_query: { status: 400, title: 'A query parameter is invalid; see errors.' },
  malformed_body: { status: 400, title: 'The body could not be parsed; send JSON or form-encoded fields.' },
  unauthorized: { status: 401, title: 'Send a valid API key as "Authorization: Bearer <key>" or "X-API-Key".' },
  forbidden: { status: 403, title: 'The API key lacks the scope this route needs.' },
  not_found: { status: 404, title: 'No such resource.' },
  method_not_allowed: { status: 405, title: 'This route does not accept that method.' },
  conflict: { status: 409, title: 'The request conflicts with the current state of the resource.' },
  idempotency_conflict: {
    status: 409,
    title: 'This Idempotency-Key was already used with a different request; use a new key.',
  },
  quota_exceeded: { status: 409, title: 'The tenant has reached a limit; delete something or raise the limit.' },
  in_progress: { status: 409, title: 'A request with this Idempotency-Key is still being processed; retry later.' },
  body_too_large: { status: 413, title: 'The body is larger than the limit (TICKWORK_BODY_LIMIT).' },
  request_timeout: { status: 408, title: 'The request was not received in time; send it again.' },
  headers_too_large: { status: 431, title: 'The request headers are larger than the server accepts; send fewer or shorter ones.' },
  unsupported_media_type: {
    status: 415,
    title: 'Send application/json or application/x-www-form-urlencoded.',
  },
  rate_limited: { status: 429, title: 'Too many requests; wait for Retry-After seconds.' },
  internal: { status: 500, title: 'Internal error; it has been logged.' },
  unavailable: { status: 503, title: 'The service is temporarily unavailable; retry after Retry-After seconds.' },
  idempotency_unreadable: {
    status: 409,
    title: 'The first response to this Idempotency-Key can no longer be opened (its TICKWORK_SECRET_KEY was removed); use a new key.',
  },
} as const;

export type ProblemCode = keyof typeof problemCatalogue;

export interface FieldError {
  /** The input field at fault, as the client named it (`schedule_time`, `http.url`, `lines`). */
  field: string;
  message: string;
}

export class ProblemError extends Error {
  readonly status: number;
  readonly code: ProblemCode;
  readonly errors: FieldError[];
  readonly headers: Record<string, string>;

  constructor(code: ProblemCode, detail?: string, errors: FieldError[] = [], headers: Record<string, string> = {}) {
    super(detail ?? problemCatalogue[code].title);
    this.name = 'ProblemError';
    this.code = code;
    this.status = problemCatalogue[code].status;
    this.errors = errors;
    this.headers = headers;
  }
}

/** A 400 naming every offending field at once. */
export function invalidFields(errors: FieldError[], detail?: string): ProblemError {
  const names = errors.map((e) => e.field).join(', ');
  return new ProblemError('invalid_field', detail ?? `Invalid field(s): ${names}.`, errors);
}

/**
 * Collects field errors during validation so that one response names all of them.
 * Pure domain code returns results into it instead of throwing on the first problem.
 */
export class FieldErrors {
  readonly list: FieldError[] = [];
  add(field: string, message: string): void {
    this.list.push({ field, message });
  }
  get empty(): boolean {
    return this.list.length === 0;
  }
  throwIfAny(): void {
    if (this.list.length > 0) throw invalidFields(this.list);
  }
}

/** An RFC 9457 problem document for an expected failure, as HTTP responses and AMQP command replies carry it. */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ProblemCode;
  errors?: FieldError[];
}

export function problemDocument(p: ProblemError): ProblemDocument {
  const doc: ProblemDocument = {
    type: `https://tickwork.dev/problems/${p.code.replaceAll('_', '-')}`,
    title: problemCatalogue[p.code].title,
    status: p.status,
    detail: p.message,
    code: p.code,
  };
  if (p.errors.length > 0) doc.errors = p.errors;
  return doc;
}
