import { describe, expect, it } from 'vitest';
import { assertJson, jsonEqual, parseJsonPath, selectJson } from '../../src/domain/json-assertion.ts';

describe('JSON assertions of monitors', () => {
  it('parses dotted names, quoted names and indexes', () => {
    expect(parseJsonPath('$')).toEqual([]);
    expect(parseJsonPath('$.status')).toEqual(['status']);
    expect(parseJsonPath('$.checks[0].ok')).toEqual(['checks', 0, 'ok']);
    expect(parseJsonPath(`$["odd key"]['it\\'s']`)).toEqual(['odd key', "it's"]);
  });

  it('says what is wrong with a path it does not take', () => {
    expect(parseJsonPath('status')).toMatch(/must start with \$/);
    expect(parseJsonPath('$..status')).toMatch(/expected a name/);
    expect(parseJsonPath('$.a[*]')).toMatch(/unsupported syntax at "\[\*\]"/);
    expect(parseJsonPath('$.a[?(@.x)]')).toMatch(/unsupported/);
    expect(parseJsonPath(`$${'.a'.repeat(300)}`)).toMatch(/at most/);
  });

  it('selects only own properties and existing indexes', () => {
    const doc = { a: [{ b: null }], n: 0 };
    expect(selectJson(doc, ['a', 0, 'b'])).toBeNull();
    expect(selectJson(doc, ['a', 1])).toBeUndefined();
    expect(selectJson(doc, ['n'])).toBe(0);
    expect(selectJson(doc, ['constructor'])).toBeUndefined();
    expect(selectJson(doc, ['a', 'length'])).toBeUndefined();
  });

  it('compares JSON values deeply, whatever the key order', () => {
    expect(jsonEqual({ a: 1, b: [1, { c: 'x' }] }, { b: [1, { c: 'x' }], a: 1 })).toBe(true);
    expect(jsonEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(jsonEqual([1, 2], [2, 1])).toBe(false);
    expect(jsonEqual('1', 1)).toBe(false);
    expect(jsonEqual(null, {})).toBe(false);
  });

  it('judges a body: equal, different, missing, not JSON, and existence only', () => {
    const body = JSON.stringify({ status: 'ok', checks: [{ name: 'db', ok: false }] });
    expect(assertJson(body, { path: '$.status', equals: 'ok' })).toEqual({ ok: true });
    expect(assertJson(body, { path: '$.checks[0].ok', equals: true })).toEqual({
      ok: false,
      error: 'JSON at $.checks[0].ok is false, expected true',
    });
    expect(assertJson(body, { path: '$.version' })).toEqual({ ok: false, error: 'JSON has nothing at $.version' });
    expect(assertJson(body, { path: '$.checks[0].name' })).toEqual({ ok: true });
    expect(assertJson('<html>', { path: '$.status', equals: 'ok' })).toMatchObject({ ok: false, error: expect.stringMatching(/not JSON/) });
    expect(assertJson('{"status":null}', { path: '$.status', equals: null })).toEqual({ ok: true });
  });
});
