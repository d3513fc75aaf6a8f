import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextCursor, pageRequest } from '../../src/api/pagination.ts';
import { parseQueryTime, timeProblem } from '../../src/api/inbound.ts';
import { ProblemError } from '../../src/domain/errors.ts';
import { secretBox } from '../../src/store/secrets.ts';

const box = secretBox(['k'.repeat(32)]);
const rotated = secretBox(['n'.repeat(32), 'k'.repeat(32)]);
const filters = { taskId: 7, status: 'failed', since: '2026-01-01T00:00:00.000Z' };

/** The field and code a refused cursor names, or 'accepted'. */
function verdict(fn: () => unknown): string {
  try {
    fn();
    return 'accepted';
  } catch (e) {
    if (e instanceof ProblemError) return `${e.code} ${e.errors.map((x) => x.field).join(',')}`;
    throw e;
  }
}

describe('list cursors', () => {
  const first = pageRequest(box, 'runs', 'acme', { limit: '2' }, filters);
  const cursor = nextCursor(box, 'runs', 'acme', first, 41, 2) ?? '';

  it('carries the list, tenant, filters and key of the page, and only tickwork can write one', () => {
    expect(pageRequest(box, 'runs', 'acme', { cursor }, { taskId: null, status: null, since: null })).toEqual({ limit: 50, key: 41, filters });
    expect(pageRequest(box, 'runs', 'acme', { cursor }, filters).key).toBe(41);
  });

  it('refuses any change to a cursor, a cursor of another tenant or list, and one signed before a key rotation', () => {
    const empty = { taskId: null, status: null, since: null };
    expect(verdict(() => pageRequest(box, 'runs', 'other', { cursor }, empty))).toBe('invalid_query cursor');
    expect(verdict(() => pageRequest(box, 'tasks', 'acme', { cursor }, { state: null }))).toBe('invalid_query cursor');
    expect(verdict(() => pageRequest(rotated, 'runs', 'acme', { cursor }, empty))).toBe('invalid_query cursor');
    expect(verdict(() => pageRequest(box, 'runs', 'acme', { cursor }, { ...empty, status: 'succeeded' }))).toBe('invalid_query cursor');
    fc.assert(
      fc.property(fc.nat({ max: cursor.length - 1 }), fc.constantFrom(...'ABCabc012-_.'), (at, c) => {
        const changed = `${cursor.slice(0, at)}${c}${cursor.slice(at + 1)}`;
        fc.pre(changed !== cursor);
        expect(verdict(() => pageRequest(box, 'runs', 'acme', { cursor: changed }, empty))).toBe('invalid_query cursor');
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (junk) => {
        expect(verdict(() => pageRequest(box, 'runs', 'acme', { cursor: junk }, empty))).toBe('invalid_query cursor');
      }),
    );
  });

  it('gives no cursor after a page that was not full', () => {
    expect(nextCursor(box, 'runs', 'acme', first, 41, 1)).toBeNull();
    expect(nextCursor(box, 'runs', 'acme', first, undefined, 2)).toBeNull();
  });
});

describe('query times', () => {
  it('accepts RFC 3339 times with an offset in the years 0001 to 9999', () => {
    expect(parseQueryTime('2026-03-08T09:30:00+01:00', 'since').toISOString()).toBe('2026-03-08T08:30:00.000Z');
    expect(parseQueryTime('0001-01-01T00:00:00Z', 'since').getUTCFullYear()).toBe(1);
    expect(parseQueryTime('9999-12-31T23:59:59.999999999z', 'since').getUTCFullYear()).toBe(9999);
    expect(parseQueryTime('2024-02-29T00:00:00Z', 'since').getUTCDate()).toBe(29);
  });

  it.each([
    '-010000-01-01T00:00:00Z', '+275760-09-13T00:00:00Z', '0000-12-31T23:59:59Z', '10000-01-01T00:00:00Z', '2025-02-29T00:00:00Z',
    '2026-13-01T00:00:00Z', '2026-01-01T24:00:00Z', '2026-01-01T00:00:00', '2026-01-01', 'yesterday', '2026-01-01T00:00:00+24:00', '',
  ])('refuses %j, naming the parameter', (raw) => {
    expect(timeProblem(raw)).not.toBeNull();
    expect(verdict(() => parseQueryTime(raw, 'until'))).toBe('invalid_query until');
  });
});
