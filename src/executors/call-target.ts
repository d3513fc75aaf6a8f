import type { Dispatcher } from 'undici';
import { validateRequestHeaders } from '../domain/targets.ts';
import { redactUrl } from '../domain/redaction.ts';
import { storableText } from '../domain/storable-text.ts';
import { standardWebhookHeaders } from '../domain/standard-webhooks.ts';
import { classifyTargetError, reasonText, type TargetError } from './target-errors.ts';
import { checkHopUrl, type AddressPolicy, type PeerCertificate } from './target-guard.ts';

/**
 * One call to a user-supplied target: the building block of task runs (http.ts) and monitor checks. Follows
 * redirects itself (each hop re-checked), keeps one deadline over the whole call including the body, reads at most
 * `maxResponseBytes`, never decompresses, and never throws for the target's failures.
 */

export interface TargetRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | null;
  /** Covers the whole call: connects, redirects, headers and body. */
  timeoutMs: number;
  signal: AbortSignal;
  /** Redirect statuses that are the answer rather than a hop (a task that expects its 301). */
  redirectIsAnswer?: readonly number[] | null;
  /** Sign the call per Standard Webhooks as message `id` with these secrets (plain `whsec_…`), when it is sent. */
  sign?: { id: string; secrets: readonly string[] } | undefined;
}

export interface TargetResponse {
  /** The URL of the last hop asked (after redirects). */
  url: string;
  statusCode: number | null;
  headers: Record<string, string | string[]>;
  /** The body bytes read, at most `maxResponseBytes` (also what arrived before a failure). */
  body: Buffer;
  /** The target sent more than `maxResponseBytes`; the connection was closed instead of drained. */
  bodyTruncated: boolean;
  latencyMs: number;
  redirects: number;
  error: TargetError | null;
  /** For https: the certificate the final origin presented on its latest connection. */
  peerCertificate: PeerCertificate | null;
}

export interface TargetCaller {
  agent: Dispatcher;
  policy: AddressPolicy;
  certificates: ReadonlyMap<string, PeerCertificate>;
  maxResponseBytes: number;
  maxRedirects: number;
  maxHeaderBytes: number;
  userAgent: string;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Header names that carry credentials (or a signature); they are not forwarded to another origin on a redirect. */
const SECRET_HEADER = /authorization|cookie|token|secret|key|signature/i;

/** A deadline over the whole call, linked to the caller's signal; remembers which of the two fired. */
function linkDeadline(ms: number, outer: AbortSignal) {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error(`deadline of ${ms} ms passed`));
  }, ms);
  const onAbort = () => controller.abort(outer.reason);
  if (outer.aborted) onAbort();
  else outer.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    dispose() {
      clearTimeout(timer);
      outer.removeEventListener('abort', onAbort);
    },
  };
}

interface BodySink {
  chunks: Buffer[];
  size: number;
  truncated: boolean;
}

/** Reads up to `cap` bytes into `sink`, then destroys the stream (the socket goes with it) rather than draining it. */
async function readCapped(body: Dispatcher.ResponseData['body'], cap: number, signal: AbortSignal, sink: BodySink) {
  const onAbort = () => body.destroy(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      const room = cap - sink.size;
      if (chunk.length > room) {
        if (room > 0) sink.chunks.push(chunk.subarray(0, room));
        sink.size = cap;
        sink.truncated = true;
        break;
      }
      sink.chunks.push(chunk);
      sink.size += chunk.length;
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    if (!body.destroyed) body.destroy();
  }
}

function requestHeaders(given: Record<string, string>, userAgent: string): Record<string, string> {
  const headers: Record<string, string> = {};
  let hasAgent = false;
  for (const [name, value] of Object.entries(given)) {
    const lower = name.toLowerCase();
    if (lower === 'accept-encoding') continue;
    if (lower === 'user-agent') hasAgent = true;
    headers[name] = value;
  }
  if (!hasAgent) headers['user-agent'] = userAgent;
  // Bodies are never decompressed (a gzip bomb stays its compressed size), so ask for them plain.
  headers['accept-encoding'] = 'identity';
  return headers;
}

/** The next hop of a redirect: browsers' method rules, and no credentials or body carried to another origin. */
function nextHop(status: number, from: URL, to: URL, hop: Hop): Hop {
  const toGet = status === 303 ? hop.method !== 'HEAD' : (status === 301 || status === 302) && hop.method === 'POST';
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(hop.headers)) {
    const lower = name.toLowerCase();
    if (from.origin !== to.origin && SECRET_HEADER.test(lower)) continue;
    if (toGet && (lower === 'content-type' || lower.startsWith('content-'))) continue;
    headers[name] = value;
  }
  return { url: to.href, method: toGet ? 'GET' : hop.method, body: toGet ? null : hop.body, headers };
}

interface Hop {
  url: string;
  method: string;
  body: string | null;
  headers: Record<string, string>;
}

function headerRecord(raw: Dispatcher.ResponseData['headers']): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(raw)) if (value !== undefined) out[name] = value;
  return out;
}

export async function callTarget(caller: TargetCaller, req: TargetRequest): Promise<TargetResponse> {
  const started = performance.now();
  const deadline = linkDeadline(req.timeoutMs, req.signal);
  const sink: BodySink = { chunks: [], size: 0, truncated: false };
  const result = (): TargetResponse => ({
    url: hop.url,
    statusCode,
    headers,
    body: Buffer.concat(sink.chunks, sink.size),
    bodyTruncated: sink.truncated,
    latencyMs: Math.round(performance.now() - started),
    redirects,
    error: null,
    peerCertificate: certificate(),
  });
  // An error message may echo the target (a socket error's text, a Location header): it is stored, so storable.
  const failed = (error: TargetError): TargetResponse => ({ ...result(), error: { ...error, message: storableText(error.message) } });
  const certificate = () => (hopUrl?.protocol === 'https:' ? (caller.certificates.get(hopUrl.origin) ?? null) : null);

  const method = req.method.toUpperCase();
  let hop: Hop = { url: req.url, method, body: method === 'GET' || method === 'HEAD' ? null : req.body, headers: {} };
  let hopUrl: URL | null = null;
  let statusCode: number | null = null;
  let headers: Record<string, string | string[]> = {};
  let redirects = 0;

  const bad = validateRequestHeaders(req.headers);
  if (bad.length > 0)
    return failed({ kind: 'invalid_request', message: bad.map((e) => `${e.field} ${e.message}`).join('; ') });
  hop.headers = requestHeaders(req.headers, caller.userAgent);
  // Signed as late as possible, so the timestamp is the moment the call goes out (receivers allow 5 minutes).
  if (req.sign !== undefined) hop.headers = { ...hop.headers, ...standardWebhookHeaders(req.sign.secrets, req.sign.id, Date.now(), hop.body ?? '') };

  try {
    for (;;) {
      const checked = checkHopUrl(caller.policy, hop.url);
      if (!checked.ok) {
        const message = redirects === 0 ? checked.message : `redirect to ${redactUrl(hop.url)} refused: ${checked.message}`;
        statusCode = null;
        headers = {};
        return failed({ kind: 'blocked_target', message });
      }
      hopUrl = checked.url;
      statusCode = null;
      headers = {};
      const res = await caller.agent.request({
        origin: hopUrl.origin,
        path: `${hopUrl.pathname}${hopUrl.search}`,
        method: hop.method as Dispatcher.HttpMethod,
        headers: hop.headers,
        body: hop.body,
        signal: deadline.signal,
      });
      statusCode = res.statusCode;
      headers = headerRecord(res.headers);
      const location = res.headers.location;
      const follow = REDIRECTS.has(res.statusCode) && !(req.redirectIsAnswer ?? []).includes(res.statusCode);
      if (follow && typeof location === 'string') {
        res.body.on('error', () => {}).destroy(); // a redirect's body is never stored
        if (redirects >= caller.maxRedirects) {
          return failed({
            kind: 'too_many_redirects',
            message: `too many redirects (more than ${caller.maxRedirects})`,
          });
        }
        let to: URL;
        try {
          to = new URL(location, hopUrl);
        } catch {
          return failed({ kind: 'other', message: `redirect to an invalid location ${JSON.stringify(location)}` });
        }
        redirects += 1;
        hop = nextHop(res.statusCode, hopUrl, to, hop);
        continue;
      }
      await readCapped(res.body, caller.maxResponseBytes, deadline.signal, sink);
      return result();
    }
  } catch (err) {
    if (deadline.timedOut())
      return failed({ kind: 'timeout', message: `no complete response within ${req.timeoutMs} ms` });
    if (req.signal.aborted) return failed({ kind: 'aborted', message: `aborted: ${reasonText(req.signal.reason)}` });
    return failed(classifyTargetError(err, hopUrl?.host ?? hop.url, caller.maxHeaderBytes));
  } finally {
    deadline.dispose();
  }
}
