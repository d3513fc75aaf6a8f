import { timingSafeEqual } from 'node:crypto';
import { ProblemError } from '../domain/errors.ts';
import type { SecretBox } from '../store/secrets.ts';

/**
 * Opaque list cursors. A cursor carries the list, the tenant, the filters of the first page and the last key seen,
 * so a client only passes it back. It is signed (HMAC-SHA256 under TICKWORK_SECRET_KEY): the filters in it reach
 * SQL and `new Date()` without the route's query validation, so only cursors tickwork wrote are accepted. The
 * tenant in it is also compared with the caller's, and every field is type-checked, so even a cursor with a valid
 * MAC cannot show another tenant's rows or another list's. A forged, truncated, foreign or stale (after a key
 * rotation) cursor is a 400 naming `cursor`; the client starts again without it.
 */

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

/** What signs cursors: the service's key ring. */
export type CursorSigner = Pick<SecretBox, 'mac'>;

/** The filters of a list: flat values from its query, null when not given. */
export type Filters = Record<string, string | number | null>;

export interface PageRequest<F extends Filters> {
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

/** Domain separation: this MAC is of a cursor, never mistaken for another value the same key signs. */
const macOf = (signer: CursorSigner, payload: string): string => signer.mac(`cursor\n${payload}`);

export function pageRequest<F extends Filters>(
  signer: CursorSigner,
  list: string,
  tenantId: string,
  query: { limit?: string; cursor?: string },
  filters: F,
): PageRequest<F> {
  const limit = Math.min(query.limit === undefined ? DEFAULT_LIMIT : Number(query.limit), MAX_LIMIT);
  if (query.cursor === undefined) return { limit, key: null, filters };
  const body = openCursor(signer, query.cursor);
  if (body === null || body.l !== list || body.t !== tenantId) throw badCursor('unknown or damaged cursor');
  const cursorFilters = body.f;
  for (const [name, value] of Object.entries(filters)) {
    if (!Object.hasOwn(cursorFilters, name)) throw badCursor('unknown or damaged cursor');
    // A filter given again with the cursor must be the one the cursor was made with.
    if (value !== null && cursorFilters[name] !== value) {
      throw badCursor(`was made for ${name}=${String(cursorFilters[name])}; give the same ${name} or none with it`);
    }
  }
  if (Object.keys(cursorFilters).length !== Object.keys(filters).length) throw badCursor('unknown or damaged cursor');
  return { limit, key: body.k, filters: cursorFilters as F };
}

/** The cursor's body when its MAC verifies and every field has its type; null otherwise. */
function openCursor(signer: CursorSigner, cursor: string): CursorBody<Filters> | null {
  const dot = cursor.indexOf('.');
  if (dot <= 0) return null;
  const payload = cursor.slice(0, dot);
  // Compared as text: base64 decoding ignores the spare low bits of the last character, so comparing decoded
  // bytes would accept a cursor with another last character.
  const given = Buffer.from(cursor.slice(dot + 1), 'utf8');
  const expected = Buffer.from(macOf(signer, payload), 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  const { l, t, k, f } = body as Record<string, unknown>;
  if (typeof l !== 'string' || typeof t !== 'string' || typeof k !== 'number' || !Number.isSafeInteger(k) || k < 0) return null;
  if (typeof f !== 'object' || f === null || Array.isArray(f)) return null;
  const flat = Object.values(f).every((v) => v === null || typeof v === 'string' || (typeof v === 'number' && Number.isSafeInteger(v)));
  return flat ? { l, t, k, f: f as Filters } : null;
}

function badCursor(message: string): ProblemError {
  return new ProblemError('invalid_query', 'The cursor is not one this list gave out; start again without it.', [{ field: 'cursor', message }]);
}

/** The cursor of the next page, or null when this page was not full (so it is the last). */
export function nextCursor<F extends Filters>(
  signer: CursorSigner,
  list: string,
  tenantId: string,
  req: PageRequest<F>,
  lastKey: number | undefined,
  count: number,
): string | null {
  if (count < req.limit || lastKey === undefined) return null;
  const body: CursorBody<F> = { l: list, t: tenantId, k: lastKey, f: req.filters };
  const payload = Buffer.from(JSON.stringify(body)).toString('base64url');
  return `${payload}.${macOf(signer, payload)}`;
}
