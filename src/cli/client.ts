import { readEnvironment } from '../config.ts';
import { CommandRefused, UsageError } from './args.ts';

/**
 * The operator commands' HTTP client of a running tickwork (its API, as any client would use it), so they work
 * while the embedded service holds its data directory. TICKWORK_URL and TICKWORK_KEY are read here and not in
 * config.ts: they configure this client, not the service (which never reads them), and a client command must not
 * fail because a service setting in the same environment is bad. `.env` is read as for the service.
 */
export interface ApiTarget {
  url: string;
  key: string;
}

export const DEFAULT_URL = 'http://localhost:8000';

export const CLIENT_SETTINGS = `Client settings (environment variables, or .env):
  TICKWORK_URL   base URL of the running service's API (default ${DEFAULT_URL})
  TICKWORK_KEY   API key to call it with (Authorization: Bearer); read scope lists, write scope changes`;

export function apiTarget(usage: string, env: Record<string, string | undefined> = readEnvironment()): ApiTarget {
  const raw = env.TICKWORK_URL === undefined || env.TICKWORK_URL === '' ? DEFAULT_URL : env.TICKWORK_URL;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`TICKWORK_URL=${JSON.stringify(raw)} is not a URL`, usage);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`TICKWORK_URL=${JSON.stringify(raw)} must be an http or https URL`, usage);
  const key = env.TICKWORK_KEY ?? '';
  if (key === '') {
    throw new UsageError('TICKWORK_KEY is not set: set it to an API key of the service (tickwork keys create, or POST /v1/api-keys)', usage);
  }
  return { url: raw.replace(/\/+$/, ''), key };
}

/** An answer of the API that is not a success: its problem document, rendered for a person by `describe()`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Record<string, unknown> | null,
    readonly body: string,
  ) {
    super(`API answered ${status}`);
    this.name = 'ApiError';
  }

  describe(): string {
    const p = this.problem;
    if (p === null) return `the API answered ${this.status}${this.body === '' ? '' : `: ${this.body.slice(0, 500)}`}`;
    // The detail says what went wrong with this request; the title is the code's general advice.
    const text = typeof p.detail === 'string' && p.detail !== '' ? p.detail : typeof p.title === 'string' ? p.title : `HTTP ${this.status}`;
    const lines = [`${this.status} ${text}`];
    if (Array.isArray(p.errors)) {
      for (const e of p.errors as unknown[]) {
        if (typeof e !== 'object' || e === null) continue;
        const { field, message } = e as { field?: unknown; message?: unknown };
        lines.push(`  - ${typeof field === 'string' ? `${field}: ` : ''}${typeof message === 'string' ? message : JSON.stringify(e)}`);
      }
    }
    if (this.status === 401) lines.push('  (check TICKWORK_KEY)');
    return lines.join('\n');
  }
}

function unreachable(target: ApiTarget, err: unknown): CommandRefused {
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
  const code = (cause as NodeJS.ErrnoException | null)?.code;
  const why = code ?? (cause instanceof Error ? cause.message : String(cause));
  return new CommandRefused(`cannot reach the tickwork API at ${target.url} (${why}): is the service running there? (TICKWORK_URL)`);
}

export async function request(target: ApiTarget, method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<Response> {
  const headers: Record<string, string> = { authorization: `Bearer ${target.key}`, accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  try {
    return await fetch(`${target.url}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }), ...(signal === undefined ? {} : { signal }) });
  } catch (err) {
    if (signal?.aborted === true) throw err;
    throw unreachable(target, err);
  }
}

/** Calls the API and returns its JSON answer (null for 204); a non-2xx answer is an ApiError. */
export async function callApi(target: ApiTarget, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await request(target, method, path, body);
  const text = await res.text();
  if (!res.ok) {
    let problem: Record<string, unknown> | null = null;
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) problem = parsed as Record<string, unknown>;
    } catch {
      /* not JSON: shown as text */
    }
    throw new ApiError(res.status, problem, text);
  }
  if (res.status === 204 || text === '') return null;
  return JSON.parse(text) as unknown;
}

interface Page {
  items: unknown[];
  next_cursor: string | null;
}

function isPage(v: unknown): v is Page {
  return typeof v === 'object' && v !== null && Array.isArray((v as Page).items);
}

/**
 * Up to `limit` items of a list route, following `next_cursor`; `more` says whether the list goes on beyond them.
 * `query` holds the route's filters.
 */
export async function listAll(target: ApiTarget, path: string, query: Record<string, string | undefined>, limit: number): Promise<{ items: unknown[]; more: boolean }> {
  const items: unknown[] = [];
  let cursor: string | null = null;
  for (;;) {
    const q = new URLSearchParams();
    if (cursor === null) {
      for (const [k, v] of Object.entries(query)) if (v !== undefined) q.set(k, v);
    } else {
      q.set('cursor', cursor);
    }
    q.set('limit', String(Math.min(500, limit - items.length)));
    const page = await callApi(target, 'GET', `${path}?${q.toString()}`);
    if (!isPage(page)) throw new CommandRefused(`GET ${path} did not answer a list`);
    items.push(...page.items);
    cursor = page.next_cursor;
    if (cursor === null) return { items, more: false };
    if (items.length >= limit) return { items, more: true };
  }
}

export interface StreamEvent {
  id: string;
  type: string;
  data: string;
}

/**
 * Reads `GET /v1/events/stream` (Server-Sent Events, the key in the Authorization header) and calls `onEvent` for
 * each event until `signal` aborts; reconnects with Last-Event-ID when the connection ends, as a browser would.
 */
export async function followEvents(target: ApiTarget, query: Record<string, string | undefined>, onEvent: (e: StreamEvent) => void, signal: AbortSignal): Promise<void> {
  let lastId: string | null = null;
  let retryMs = 2_000;
  while (!signal.aborted) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined) q.set(k, v);
    const headers: Record<string, string> = { authorization: `Bearer ${target.key}`, accept: 'text/event-stream' };
    if (lastId !== null) headers['last-event-id'] = lastId;
    let res: Response;
    try {
      res = await fetch(`${target.url}/v1/events/stream?${q.toString()}`, { headers, signal });
    } catch (err) {
      if (signal.aborted) return;
      if (lastId === null) throw unreachable(target, err);
      process.stderr.write(`tickwork: the event stream is unreachable (${unreachable(target, err).message}); retrying\n`);
      await pause(retryMs, signal);
      continue;
    }
    if (!res.ok || res.body === null) {
      const text = await res.text();
      let problem: Record<string, unknown> | null = null;
      try {
        problem = JSON.parse(text) as Record<string, unknown>;
      } catch {
        /* shown as text */
      }
      throw new ApiError(res.status, problem, text);
    }
    try {
      for await (const frame of sseFrames(res.body, signal)) {
        if (frame.retry !== undefined) retryMs = frame.retry;
        if (frame.id !== undefined) lastId = frame.id;
        if (frame.data !== undefined) onEvent({ id: frame.id ?? lastId ?? '', type: frame.event ?? 'message', data: frame.data });
      }
    } catch (err) {
      if (signal.aborted) return;
      process.stderr.write(`tickwork: the event stream broke (${err instanceof Error ? err.message : String(err)}); reconnecting\n`);
    }
    if (!signal.aborted) await pause(retryMs, signal);
  }
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    }, { once: true });
  });
}

interface Frame {
  id?: string;
  event?: string;
  data?: string;
  retry?: number;
}

/** The messages of a text/event-stream body (the WHATWG parsing rules for the fields tickwork sends). */
async function* sseFrames(body: ReadableStream<Uint8Array>, signal: AbortSignal): AsyncGenerator<Frame> {
  const decoder = new TextDecoder();
  let buffer = '';
  let frame: Frame = {};
  const reader = body.getReader();
  const cancel = (): void => void reader.cancel().catch(() => undefined);
  signal.addEventListener('abort', cancel, { once: true });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let nl: number;
      while ((nl = buffer.search(/\r\n|\r|\n/)) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + (buffer.startsWith('\r\n', nl) ? 2 : 1));
        if (line === '') {
          if (frame.data !== undefined || frame.retry !== undefined || frame.id !== undefined) yield frame;
          frame = {};
          continue;
        }
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const name = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (name === 'data') frame.data = frame.data === undefined ? value : `${frame.data}\n${value}`;
        else if (name === 'event') frame.event = value;
        else if (name === 'id') frame.id = value;
        else if (name === 'retry' && /^\d+$/.test(value)) frame.retry = Number(value);
      }
    }
  } finally {
    signal.removeEventListener('abort', cancel);
  }
}

/** An AbortSignal that aborts on SIGINT or SIGTERM: `--follow` ends there with exit 0. */
export function untilSignal(): AbortSignal {
  const ac = new AbortController();
  const stop = (): void => ac.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return ac.signal;
}
