import type { LookupFunction } from 'node:net';
import { Agent } from 'undici';
import type { HttpActionJson } from '../domain/task.ts';
import { assertJson, type JsonAssertion } from '../domain/json-assertion.ts';
import { bodyExcerpt, storableText } from '../domain/storable-text.ts';
import { callTarget, type TargetCaller, type TargetRequest, type TargetResponse } from './call-target.ts';
import { createRegexPool, type RegexPool } from './regex-pool.ts';
import { guardedConnector, type PeerCertificate } from './target-guard.ts';

/** What one HTTP task run produced; the engine records it as the run (snake_case like the run's JSON). */
export interface HttpCallResult {
  status: 'succeeded' | 'failed' | 'timed_out';
  http_status: number | null;
  duration_ms: number;
  error: string | null;
  /** The first 4 KiB of the body as storable text (domain/storable-text.ts): UTF-8, NUL and invalid bytes as U+FFFD. */
  body: string | null;
  /** `body` is not the whole response body. */
  body_truncated: boolean;
  /** The body was not UTF-8 text (invalid bytes or NUL, e.g. an image or a gzip stream): `body` only shows it. */
  body_binary: boolean;
  /** Body bytes read (at most the executor's maxResponseBytes). */
  body_bytes: number;
}

/** What a monitor asks of one check (API.md "Monitors"). */
export interface CheckRequest {
  url: string;
  method: string;
  timeout_ms: number;
  expect_status: number[] | null;
  regexp: string | null;
  /** The body must be JSON with this value at this path (after the regexp, when both are given). */
  expect_json?: JsonAssertion | null;
}

/** One check's outcome, shaped like a stored check; `cert` is for certificate-expiry notices. */
export interface CheckResult {
  status_code: number | null;
  latency_ms: number;
  matched: boolean | null;
  ok: boolean;
  error: string | null;
  error_kind: string | null;
  cert: PeerCertificate | null;
}

export interface HttpExecutorOptions {
  allowPrivate: boolean;
  maxResponseBytes: number;
  maxRedirects: number;
  userAgent: string;
  /** Connections kept per origin. */
  connections: number;
  /** DNS resolution, injectable for tests; every answer still passes the address guard. */
  lookup?: LookupFunction;
  /** CIDRs reachable even when `allowPrivate` is false. */
  allowedNetworks?: string[];
  /** Shared pool for `expect_body_regex`; one of two workers, 1 s per match, is made when not given. */
  regexPool?: RegexPool;
  /** Response header block limit (bytes); more fails the call cleanly. */
  maxHeaderBytes?: number;
  /** Extra trusted CA certificates (PEM), e.g. an operator's private CA; replaces Node's default list when given. */
  ca?: string[];
}

/** A signed call (`sign: true`): its `webhook-id` and the plain secrets that sign it (current first). */
export interface CallSigning {
  id: string;
  secrets: readonly string[];
}

export interface HttpExecutor {
  execute(action: HttpActionJson, signal: AbortSignal, signing?: CallSigning): Promise<HttpCallResult>;
  check(req: CheckRequest, signal: AbortSignal): Promise<CheckResult>;
  /** The lower-level call both use, for callers that need headers or the raw body. */
  call(req: TargetRequest): Promise<TargetResponse>;
  close(): Promise<void>;
}

/** How much of a body a run keeps (API.md "Runs": up to 4 KiB). */
export const STORED_BODY_BYTES = 4096;

/** Whether a status is the expected one: any 2xx when nothing is given. */
export function statusExpected(status: number, expected: number[] | null): boolean {
  return expected === null || expected.length === 0 ? status >= 200 && status < 300 : expected.includes(status);
}

function describeExpected(expected: number[] | null): string {
  return expected === null || expected.length === 0 ? 'a 2xx status' : `status ${expected.join(' or ')}`;
}

/** A verdict's error may echo the target (a JSON value, a header, a socket error): stored, so made storable. */
function storableError(error: string | null): string | null {
  return error === null ? null : storableText(error);
}

interface Verdict {
  ok: boolean;
  matched: boolean | null;
  error: string | null;
}

export function createHttpExecutor(opts: HttpExecutorOptions): HttpExecutor {
  const policy = { allowPrivate: opts.allowPrivate, allowedNetworks: opts.allowedNetworks ?? [] };
  const certificates = new Map<string, PeerCertificate>();
  const maxHeaderBytes = opts.maxHeaderBytes ?? 32 * 1024;
  const agent = new Agent({
    connections: opts.connections,
    connect: guardedConnector(policy, certificates, opts.lookup, opts.ca),
    maxHeaderSize: maxHeaderBytes,
    keepAliveTimeout: 4_000,
  });
  const ownPool = opts.regexPool === undefined;
  const regexPool = opts.regexPool ?? createRegexPool({ size: 2, timeoutMs: 1_000 });
  const caller: TargetCaller = {
    agent,
    policy,
    certificates,
    maxResponseBytes: opts.maxResponseBytes,
    maxRedirects: opts.maxRedirects,
    maxHeaderBytes,
    userAgent: opts.userAgent,
  };

  /**
   * Status first, then the body regex, then the JSON assertion (both only over what was read, which is at most
   * maxResponseBytes). `matched` says whether the body passed what was asked of it (null when nothing was).
   */
  async function judge(res: TargetResponse, expect: number[] | null, regex: string | null, json: JsonAssertion | null = null): Promise<Verdict> {
    if (res.statusCode === null || res.error !== null)
      return { ok: false, matched: null, error: res.error?.message ?? null };
    if (!statusExpected(res.statusCode, expect)) {
      return { ok: false, matched: null, error: `expected ${describeExpected(expect)}, got ${res.statusCode}` };
    }
    if (regex === null && json === null) return { ok: true, matched: null, error: null };
    const text = new TextDecoder().decode(res.body);
    if (regex !== null) {
      const verdict = await judgeRegex(res, regex, text);
      if (!verdict.ok) return verdict;
    }
    if (json !== null) {
      if (res.bodyTruncated) {
        return { ok: false, matched: false, error: `body is larger than the ${res.body.length} bytes read; expect_json needs the whole JSON document` };
      }
      const a = assertJson(text, json);
      if (!a.ok) return { ok: false, matched: false, error: a.error };
    }
    return { ok: true, matched: true, error: null };
  }

  async function judgeRegex(res: TargetResponse, regex: string, text: string): Promise<Verdict> {
    const m = await regexPool.test(regex, '', text);
    if (!m.ok) {
      const why = m.error === 'timeout' ? 'took too long and was stopped' : `failed: ${m.error}`;
      return { ok: false, matched: null, error: `body regex ${why}` };
    }
    if (!m.matched) {
      const where = res.bodyTruncated ? ` (in the first ${res.body.length} bytes read)` : '';
      return { ok: false, matched: false, error: `body does not match ${JSON.stringify(regex)}${where}` };
    }
    return { ok: true, matched: true, error: null };
  }

  return {
    call: (req) => callTarget(caller, req),

    async execute(action, signal, signing) {
      const res = await callTarget(caller, {
        method: action.method,
        url: action.url,
        headers: action.headers,
        body: action.body,
        timeoutMs: action.timeout_ms,
        signal,
        redirectIsAnswer: action.expect_status,
        sign: signing,
      });
      const verdict = await judge(res, action.expect_status, action.expect_body_regex);
      const timedOut = res.error?.kind === 'timeout';
      const excerpt = res.statusCode === null ? null : bodyExcerpt(res.body, STORED_BODY_BYTES);
      return {
        status: verdict.ok ? 'succeeded' : timedOut ? 'timed_out' : 'failed',
        http_status: res.statusCode,
        duration_ms: res.latencyMs,
        error: storableError(verdict.error),
        body: excerpt?.text ?? null,
        body_truncated: res.bodyTruncated || res.body.length > STORED_BODY_BYTES,
        body_binary: excerpt?.binary ?? false,
        body_bytes: res.body.length,
      };
    },

    async check(req, signal) {
      const res = await callTarget(caller, {
        method: req.method,
        url: req.url,
        headers: {},
        body: null,
        timeoutMs: req.timeout_ms,
        signal,
        redirectIsAnswer: req.expect_status,
      });
      const verdict = await judge(res, req.expect_status, req.regexp, req.expect_json ?? null);
      return {
        status_code: res.statusCode,
        latency_ms: res.latencyMs,
        matched: verdict.matched,
        ok: verdict.ok,
        error: storableError(verdict.error),
        error_kind: res.error?.kind ?? null,
        cert: res.peerCertificate,
      };
    },

    async close() {
      await agent.close();
      if (ownPool) await regexPool.close();
    },
  };
}
