import { describe, expect, it } from 'vitest';
import { settledPrefix, type IdInSnapshot } from '../../src/store/events.ts';

const row = (id: number, xmin: number, xmax: number): IdInSnapshot => ({ id, snap_xmin: String(xmin), snap_xmax: String(xmax) });

describe('the settled prefix of event ids', () => {
  it('takes every row while the ids follow each other', () => {
    expect(settledPrefix(10, [row(11, 5, 9), row(12, 5, 9), row(13, 5, 9)], null)).toEqual({ count: 3, gap: null });
  });

  it('stops at a missing id and remembers the snapshot it was first seen in', () => {
    expect(settledPrefix(10, [row(11, 5, 9), row(13, 5, 9)], null)).toEqual({ count: 1, gap: { id: 12, xmax: 9n } });
  });

  it('keeps waiting for a missing id while a transaction open when it was first seen may still commit it', () => {
    const gap = { id: 12, xmax: 9n };
    expect(settledPrefix(11, [row(13, 8, 12)], gap)).toEqual({ count: 0, gap });
  });

  it('gives a missing id up once every transaction open when it was first seen has ended', () => {
    expect(settledPrefix(11, [row(13, 9, 12), row(14, 9, 12)], { id: 12, xmax: 9n })).toEqual({ count: 2, gap: null });
  });

  it('does not carry a gap over to a different missing id', () => {
    expect(settledPrefix(12, [row(14, 9, 15)], { id: 12, xmax: 9n })).toEqual({ count: 0, gap: { id: 13, xmax: 15n } });
  });
});
