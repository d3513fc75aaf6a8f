import { ProblemError } from '../domain/errors.ts';

/**
 * Opaque list cursors. A cursor carries the tenant, the filters of the first page and the last key seen, so a
 * client only passes it back; one from another tenant or another list is refused.
 */

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

export interface PageRequest<F> {
  limit: number;
  /** The key after which the page starts (ids ascending) or before which (runs newest first). */
  key: number | null;
  filters: F;
}

interface CursorBody<F> {
  l: string;
  t: string;
  k: number;
  f: F;
}

export function pageRequest<F>(list: string, tenantId: string, query: { limit?: string; cursor?: string }, filters: F): PageRequest<F> {
  const limit = Math.min(query.limit === undefined ? DEFAULT_LIMIT : Number(query.limit), MAX_LIMIT);
  if (query.cursor === undefined) return { limit, key: null, filters };
  let body: CursorBody<F>;
  try {
    body = JSON.parse(Buffer.from(query.cursor, 'base64url').toString('utf8')) as CursorBody<F>;
  } catch {
    throw badCursor();
  }
  if (body.l !== list || body.t !== tenantId || typeof body.k !== 'number' || !Number.isSafeInteger(body.k)) throw badCursor();
  return { limit, key: body.k, filters: body.f };
}

function badCursor(): ProblemError {
  return new ProblemError('invalid_query', 'The cursor is not one this list gave out; start again without it.', [
    { field: 'cursor', message: 'unknown or damaged cursor' },
  ]);
}

/** The cursor of the next page, or null when this page was not full (so it is the last). */
export function nextCursor<F>(list: string, tenantId: string, req: PageRequest<F>, lastKey: number | undefined, count: number): string | null {
  if (count < req.limit || lastKey === undefined) return null;
  const body: CursorBody<F> = { l: list, t: tenantId, k: lastKey, f: req.filters };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}
