import { Agent } from 'undici';
import { classifyTargetError, reasonText } from './target-errors.ts';
import { storableJson, storableText } from '../domain/storable-text.ts';
import type { TflDisruption, TflResult } from '../domain/tfl-status.ts';

/**
 * The London line-disruption check: `GET {baseUrl}/Line/{ids}/Disruption`. The base URL is the operator's setting,
 * not user input, so it is not subject to the target guard.
 */

export type { TflDisruption, TflResult } from '../domain/tfl-status.ts';

export interface TflCallResult {
  status: 'succeeded' | 'failed' | 'timed_out';
  http_status: number | null;
  duration_ms: number;
  error: string | null;
  result: TflResult | null;
}

export interface TflExecutorOptions {
  baseUrl: string;
  timeoutMs: number;
  appKey?: string;
  userAgent?: string;
}

export interface TflExecutor {
  execute(lines: string[], signal: AbortSignal): Promise<TflCallResult>;
  close(): Promise<void>;
}

/** Bounds on what a run stores: TfL answers are small, but the result column is not the place for surprises. */
const MAX_RESPONSE_BYTES = 2 * 1024 * 1024;
const MAX_DISRUPTIONS = 50;
const MAX_TEXT = 2000;

const text = (v: unknown): string | null => (typeof v === 'string' ? v.slice(0, MAX_TEXT) : null);

function affectedLines(d: Record<string, unknown>, asked: readonly string[]): string[] {
  const routes = Array.isArray(d.affectedRoutes) ? (d.affectedRoutes as unknown[]) : [];
  const ids = new Set<string>();
  for (const r of routes) {
    const lineId = typeof r === 'object' && r !== null ? (r as Record<string, unknown>).lineId : undefined;
    if (typeof lineId === 'string' && asked.includes(lineId)) ids.add(lineId);
  }
  return [...ids];
}

/** Keeps the useful fields of TfL's `Disruption` objects; null when the answer is not a JSON array. */
export function parseDisruptions(json: unknown, lines: readonly string[]): TflDisruption[] | null {
  if (!Array.isArray(json)) return null;
  return json.slice(0, MAX_DISRUPTIONS).flatMap((item: unknown) => {
    if (typeof item !== 'object' || item === null) return [];
    const d = item as Record<string, unknown>;
    const out: TflDisruption = {
      category: text(d.category),
      type: text(d.type),
      description: text(d.description),
      closureText: text(d.closureText),
    };
    const affected = affectedLines(d, lines);
    if (affected.length > 0) out.affected_lines = affected;
    return [out];
  });
}

/** The body as text, or null (and the stream destroyed) once it passes MAX_RESPONSE_BYTES. */
async function readBounded(body: AsyncIterable<Buffer> & { destroy(): void }): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > MAX_RESPONSE_BYTES) {
      body.destroy();
      return null;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size).toString('utf8');
}

export function createTflExecutor(opts: TflExecutorOptions): TflExecutor {
  const agent = new Agent({ connections: 4, keepAliveTimeout: 10_000 });
  const base = opts.baseUrl.replace(/\/+$/, '');

  async function execute(lines: string[], signal: AbortSignal): Promise<TflCallResult> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const url = new URL(`${base}/Line/${lines.map(encodeURIComponent).join(',')}/Disruption`);
    if (opts.appKey !== undefined) url.searchParams.set('app_key', opts.appKey);
    const deadline = AbortSignal.timeout(opts.timeoutMs);
    const both = AbortSignal.any([signal, deadline]);
    let httpStatus: number | null = null;
    const fail = (status: 'failed' | 'timed_out', error: string): TflCallResult => ({
      status,
      http_status: httpStatus,
      duration_ms: elapsed(),
      error: storableText(error),
      result: null,
    });
    try {
      const res = await agent.request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: 'GET',
        headers: { accept: 'application/json', 'user-agent': opts.userAgent ?? 'tickwork' },
        signal: both,
      });
      httpStatus = res.statusCode;
      const raw = await readBounded(res.body as AsyncIterable<Buffer> & { destroy(): void });
      if (raw === null) return fail('failed', `TfL API answer is over the ${MAX_RESPONSE_BYTES}-byte limit`);
      if (res.statusCode < 200 || res.statusCode >= 300) {
        return fail('failed', `TfL API answered ${res.statusCode}: ${raw.slice(0, 200)}`);
      }
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        return fail('failed', `TfL API answered invalid JSON: ${JSON.stringify(raw.slice(0, 100))}`);
      }
      const disruptions = parseDisruptions(json, lines);
      if (disruptions === null) return fail('failed', 'TfL API answered JSON that is not a list of disruptions');
      // Disruption texts are TfL's strings: a NUL or lone surrogate in them must not fail the run's jsonb.
      const result = storableJson({ lines: [...lines], disruptions, disrupted: disruptions.length > 0 }) as TflResult;
      return { status: 'succeeded', http_status: httpStatus, duration_ms: elapsed(), error: null, result };
    } catch (err) {
      if (deadline.aborted) return fail('timed_out', `TfL API did not answer within ${opts.timeoutMs} ms`);
      if (signal.aborted) return fail('failed', `aborted: ${reasonText(signal.reason)}`);
      return fail('failed', `TfL API call failed: ${classifyTargetError(err, url.host, 16 * 1024).message}`);
    }
  }

  return {
    execute,
    async close() {
      await agent.close();
    },
  };
}
