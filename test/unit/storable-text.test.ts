import { describe, expect, it } from 'vitest';
import { bodyExcerpt, storableJson, storableText } from '../../src/domain/storable-text.ts';
import { unstorableText } from '../../src/domain/json-safety.ts';

describe('storable text', () => {
  it('replaces NUL and lone surrogates with U+FFFD and keeps everything else', () => {
    expect(storableText('a\u0000b')).toBe('a\uFFFDb');
    expect(storableText('x\uD800y\uDC00')).toBe('x\uFFFDy\uFFFD');
    expect(storableText('emoji \u{1F600} ok')).toBe('emoji \u{1F600} ok');
    for (const s of ['a\u0000b', '\uD800', '\uDC00\uD800', 'plain']) expect(unstorableText(storableText(s))).toBeNull();
  });

  it('makes keys and strings of a JSON value storable and returns the same value when nothing changes', () => {
    const clean = { a: ['x', 1, null, { b: true }] };
    expect(storableJson(clean)).toBe(clean);
    expect(storableJson({ 'k\u0000': ['v\u0000', Infinity] })).toEqual({ 'k\uFFFD': ['v\uFFFD', null] });
  });

  it('keeps a UTF-8 text body exactly and marks other bytes binary with a readable rendering', () => {
    expect(bodyExcerpt(Buffer.from('héllo'), 4096)).toEqual({ text: 'héllo', binary: false });
    expect(bodyExcerpt(Buffer.from('a\u0000b'), 4096)).toEqual({ text: 'a\uFFFDb', binary: true });
    expect(bodyExcerpt(Buffer.from([0xff, 0xfe, 0x41]), 4096)).toEqual({ text: '\uFFFD\uFFFDA', binary: true });
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    const p = bodyExcerpt(png, 4096);
    expect(p.binary).toBe(true);
    expect(p.text).toContain('PNG');
    expect(unstorableText(p.text)).toBeNull();
    expect(bodyExcerpt(Buffer.alloc(0), 4096)).toEqual({ text: '', binary: false });
  });

  it('does not call a character cut at the excerpt limit invalid', () => {
    const body = Buffer.from('ab€');
    expect(bodyExcerpt(body, 4)).toEqual({ text: 'ab', binary: false });
  });
});
