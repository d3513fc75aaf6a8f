import { BlockedTargetError } from './target-guard.ts';

/** Why a call to a target produced no usable response. Stable names: monitors and runs report them. */
export type TargetErrorKind =
  | 'dns'
  | 'refused'
  | 'reset'
  | 'tls'
  | 'timeout'
  | 'blocked_target'
  | 'too_many_redirects'
  | 'invalid_request'
  | 'aborted'
  | 'other';

export interface TargetError {
  kind: TargetErrorKind;
  message: string;
}

/** Every error in a chain: undici wraps socket errors in `cause`, happy-eyeballs connects in an AggregateError. */
function errorChain(err: unknown): Error[] {
  const out: Error[] = [];
  const pending: unknown[] = [err];
  while (pending.length > 0 && out.length < 10) {
    const e = pending.shift();
    if (!(e instanceof Error)) continue;
    out.push(e);
    if (e.cause !== undefined) pending.push(e.cause);
    if (e instanceof AggregateError) pending.push(...(e.errors as unknown[]));
  }
  return out;
}

function codeOf(e: Error): string {
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' ? code : '';
}

const DNS = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'ENODATA', 'ESERVFAIL']);
const RESET = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'ECONNABORTED']);
const TIMEOUT = new Set(['UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
const TLS = /^(ERR_TLS_|ERR_SSL_|CERT_|EPROTO$)|CERT|SIGNATURE|ISSUER/;

/**
 * Names a failed call's cause. `host` is the target's host (for the message); the deadline and the caller's abort
 * are decided by the caller, which knows which of them fired.
 */
export function classifyTargetError(err: unknown, host: string, maxHeaderBytes: number): TargetError {
  const chain = errorChain(err);
  const blocked = chain.find((e) => e instanceof BlockedTargetError);
  if (blocked !== undefined) return { kind: 'blocked_target', message: blocked.message };
  const codes = chain.map(codeOf);
  const first = chain[0];
  const detail = first === undefined ? String(err) : first.message;
  const has = (set: Set<string>) => codes.find((c) => set.has(c));
  if (codes.includes('ECONNREFUSED')) return { kind: 'refused', message: `connection refused by ${host}` };
  const dns = has(DNS);
  if (dns !== undefined) return { kind: 'dns', message: `DNS lookup of ${host} failed (${dns})` };
  const tls = codes.find((c) => TLS.test(c));
  if (tls !== undefined) return { kind: 'tls', message: `TLS with ${host} failed (${tls}): ${detail}` };
  if (codes.includes('UND_ERR_HEADERS_OVERFLOW')) {
    return { kind: 'other', message: `response headers exceed the limit of ${maxHeaderBytes} bytes` };
  }
  if (has(TIMEOUT) !== undefined) return { kind: 'timeout', message: `${host} did not answer in time (${detail})` };
  const reset = has(RESET);
  if (reset !== undefined) return { kind: 'reset', message: `connection reset by ${host} (${detail})` };
  if (codes.includes('EHOSTUNREACH') || codes.includes('ENETUNREACH')) {
    return { kind: 'other', message: `${host} is unreachable (${detail})` };
  }
  return { kind: 'other', message: detail };
}

/** Text for an abort reason (`AbortSignal.reason` may be anything). */
export function reasonText(reason: unknown): string {
  if (reason instanceof Error) return reason.message;
  if (typeof reason === 'string') return reason;
  return reason === undefined ? 'no reason given' : (JSON.stringify(reason) ?? String(reason));
}
