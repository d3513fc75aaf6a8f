import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { ProblemError, problemDocument, type FieldError, type ProblemCode } from '../domain/errors.ts';
import { fieldErrorsFromValidation, type AjvError } from '../domain/validate.ts';
import { isTransientDbError } from '../store/db-errors.ts';

/** RFC 9457 problem documents: the one place errors become responses. */

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function sendProblem(reply: FastifyReply, p: ProblemError): FastifyReply {
  for (const [k, v] of Object.entries(p.headers)) reply.header(k, v);
  if (p.status === 401) reply.header('www-authenticate', 'Bearer realm="tickwork"');
  return reply.code(p.status).type(PROBLEM_CONTENT_TYPE).send(problemDocument(p));
}

/**
 * Fastify's `clientErrorHandler`: the HTTP parser refused the request (NUL or a control character in a header, a
 * malformed request line, headers too large) before any route or hook ran. The answer is written to the socket by
 * hand, as Node's own handler does, but as a problem document like every other error.
 */
export function answerClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const p =
    err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? new ProblemError('request_timeout')
      : err.code === 'HPE_HEADER_OVERFLOW'
        ? new ProblemError('headers_too_large')
        : new ProblemError('malformed_body', 'The request is not valid HTTP/1.1 (a header or the request line holds a character HTTP does not allow).');
  const body = JSON.stringify(problemDocument(p));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${p.status} ${STATUS_CODES[p.status] ?? 'Bad Request'}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Content-Type: ${PROBLEM_CONTENT_TYPE}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}

/**
 * Fastify's `frameworkErrors`: the path could not be routed — a percent-escape that is not UTF-8 (`%ED%A0%80`, a
 * lone surrogate) or a path parameter longer than the router's limit. Both are a bad id in the path.
 */
export function answerFrameworkError(err: FastifyError, _request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const detail = err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'A path parameter is too long.' : 'The path is not valid percent-encoded UTF-8.';
  return sendProblem(reply, new ProblemError('invalid_id', detail, [{ field: 'path', message: detail }]));
}

const fastifyCodes: Record<string, ProblemCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'body_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'malformed_body',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed_body',
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed_body',
};

/** Maps anything thrown in a request to a problem document; unexpected errors are logged and become a bare 500. */
export function errorHandler(log: Logger) {
  return (err: FastifyError | ProblemError, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    if (err instanceof ProblemError) return sendProblem(reply, err);
    if (err.validation !== undefined) {
      const context = err.validationContext ?? 'body';
      const errors = fieldErrorsFromValidation(err.validation as AjvError[], context);
      if (context === 'body') errors.push(...moreFieldErrors(request, errors));
      const code: ProblemCode = context === 'params' ? 'invalid_id' : context === 'querystring' ? 'invalid_query' : 'invalid_field';
      const names = errors.map((e) => e.field).join(', ');
      return sendProblem(reply, new ProblemError(code, `Invalid ${context === 'body' ? 'field' : context === 'params' ? 'path parameter' : 'query parameter'}(s): ${names}.`, errors));
    }
    const mapped = err.code === undefined ? undefined : fastifyCodes[err.code];
    if (mapped !== undefined) return sendProblem(reply, new ProblemError(mapped, err.message));
    if (err.statusCode === 429) {
      const retry = reply.getHeader('retry-after');
      return sendProblem(reply, new ProblemError('rate_limited', undefined, [], { 'retry-after': String(retry ?? 60) }));
    }
    if (err instanceof SyntaxError || (err.statusCode !== undefined && err.statusCode === 400)) {
      return sendProblem(reply, new ProblemError('malformed_body', `The body could not be parsed: ${err.message}`));
    }
    if (isPoolExhausted(err)) {
      return sendProblem(reply, new ProblemError('unavailable', 'The database is busy; retry shortly.', [], { 'retry-after': '1' }));
    }
    log.error({ err, method: request.method, url: request.url }, 'unexpected error answering a request');
    return sendProblem(reply, new ProblemError('internal'));
  };
}

/**
 * The route's own field checks (`config.fieldChecks`) over the top-level fields the schema did not flag: those
 * passed the schema, so the checks see the types they expect. Returns the errors of fields not yet named.
 */
function moreFieldErrors(request: FastifyRequest, named: readonly FieldError[]): FieldError[] {
  const checks = request.routeOptions.config.fieldChecks;
  const body: unknown = request.body;
  if (checks === undefined || typeof body !== 'object' || body === null || Array.isArray(body)) return [];
  const flagged = new Set(named.map((e) => e.field.split('.')[0]));
  const rest = Object.fromEntries(Object.entries(body).filter(([k]) => !flagged.has(k)));
  try {
    checks(rest);
  } catch (e) {
    if (e instanceof ProblemError) return e.errors.filter((fe) => !named.some((n) => n.field === fe.field));
  }
  return [];
}

function isPoolExhausted(err: Error): boolean {
  // The pool had no free connection in time, the statement was cancelled (statement_timeout), the server is away or
  // shutting down: whatever retrying can cure, decided by SQLSTATE and socket codes (store/db-errors.ts), never by
  // the message text, so the answer is 503 with Retry-After rather than 500.
  return isTransientDbError(err);
}
