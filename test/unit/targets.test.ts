import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRegexSyntax } from '../../src/domain/regex.ts';
import { checkTargetUrl, classifyAddress, validateRequestHeaders } from '../../src/domain/targets.ts';
import { TFL_LINE_IDS, unknownTflLines } from '../../src/domain/tfl-lines.ts';
import { forEachBackend, type TestDatabase } from '../support/backends.ts';
import { startTestService, type RunningService } from '../support/service.ts';
import type { ProblemJson } from '../support/api-types.ts';

/** FAULTS.md S1: URLs that spell an internal address; each must be a 400 unless private targets are allowed. */
const INTERNAL_URLS = [
  'http://127.0.0.1/',
  'http://127.1/',
  'http://127.0.1/',
  'http://2130706433/',
  'http://2130706433./',
  'http://017700000001/',
  'http://0177.0.0.1/',
  'http://0x7f.1/',
  'http://0x7f000001/',
  'http://0x7f.0.0.1./',
  'http://127.0.0.1./',
  'http://%31%32%37.0.0.1/',
  'http://１２７.0.0.1/',
  'http://0/',
  'http://0.0.0.0:8080/',
  'http://[::1]/',
  'http://[::]/',
  'http://[0:0:0:0:0:0:0:1]/',
  'http://[::ffff:127.0.0.1]/',
  'http://[::ffff:7f00:1]/',
  'http://[0:0:0:0:0:ffff:127.0.0.1]/',
  'http://[::127.0.0.1]/',
  'https://[::ffff:169.254.169.254]/',
  'http://[64:ff9b::127.0.0.1]/',
  'http://[2002:7f00:1::1]/',
  'http://169.254.169.254/latest/meta-data/',
  'http://[fd00::1]/',
  'http://[fc00::]/',
  'http://[fe80::1]/',
  'http://100.100.100.200/',
  'http://10.0.0.1/',
  'http://172.16.5.4/',
  'http://192.168.1.1/',
  'http://224.0.0.1/',
  'http://255.255.255.255/',
  'http://192.0.2.1/',
  'http://localhost/',
  'http://localhost./',
  'http://LOCALHOST:8080/',
  'http://api.localhost/',
  'http://ip6-localhost/',
  'https://127.0.0.1:8443/admin?x=1#frag',
];

/** What FAULTS.md S1 sends to the API: every internal spelling above, plus credentials-wrapped and non-HTTP forms. */
const S1_URLS = [
  ...INTERNAL_URLS,
  'http://user@127.0.0.1/',
  'http://user@[::1]:80/',
  'file:///etc/passwd',
  'gopher://127.0.0.1:70/_GET',
];

forEachBackend('S1: internal targets at creation', (backend) => {
  let db: TestDatabase;
  let svc: RunningService;
  beforeAll(async () => {
    db = await backend.create();
    // The API alone: a task it wrongly accepted would be stored but never called, so no test can reach these hosts.
    svc = await startTestService(db, { TICKWORK_ALLOW_PRIVATE_TARGETS: 'false' }, { api: true, engine: false });
  });
  afterAll(async () => {
    await svc?.close();
    await db?.drop();
  });

  it('answers 400 naming the url to every internal spelling, for tasks and webhooks, and stores nothing to send', async () => {
    expect(S1_URLS.length).toBeGreaterThanOrEqual(30);
    const accepted: string[] = [];
    const later = new Date(Date.now() + 3_600_000).toISOString();
    for (const url of S1_URLS) {
      const task = await svc.api<ProblemJson>('/v1/tasks', { body: { schedule_time: later, http: { url } } });
      const hook = await svc.api<ProblemJson>('/v1/webhooks', { body: { url, events: ['task.*'] } });
      if (task.status !== 400) accepted.push(`task ${url}`);
      if (hook.status !== 400) accepted.push(`webhook ${url}`);
      expect(task.status, url).toBe(400);
      expect(task.body.errors?.map((e: { field: string }) => e.field), url).toEqual(['http.url']);
      expect(hook.status, url).toBe(400);
      expect(hook.body.errors?.map((e: { field: string }) => e.field), url).toEqual(['url']);
    }
    const stored = await svc.db.query<{ n: number }>(
      'SELECT (SELECT count(*) FROM tasks)::int + (SELECT count(*) FROM webhooks)::int AS n',
    );
    expect(stored[0]?.n).toBe(0);
    console.log(
      `figure: S1 [${backend.name}] accepted ${accepted.length} of ${S1_URLS.length} internal spellings (each sent as a task and as a webhook)`,
    );
    expect(accepted).toEqual([]);
  });
});

describe('checkTargetUrl', () => {
  it.each(INTERNAL_URLS)('refuses %s unless private targets are allowed', (url) => {
    const refused = checkTargetUrl(url, false);
    expect(refused.ok).toBe(false);
    if (!refused.ok)
      expect(refused.message).toMatch(/private targets are refused unless TICKWORK_ALLOW_PRIVATE_TARGETS=true/);
    expect(checkTargetUrl(url, true).ok).toBe(true);
  });

  it('says which host is refused and why', () => {
    expect(checkTargetUrl('http://2130706433/', false)).toEqual({
      ok: false,
      message:
        'host 127.0.0.1 is a loopback address; private targets are refused unless TICKWORK_ALLOW_PRIVATE_TARGETS=true',
    });
    const mapped = checkTargetUrl('http://[::ffff:169.254.169.254]/', false);
    expect(mapped.ok ? '' : mapped.message).toContain('ipv4Mapped linkLocal');
  });

  it('judges user@127.0.0.1 by its host, and refuses credentials in any URL', () => {
    const internal = checkTargetUrl('http://user@127.0.0.1/', false);
    expect(internal.ok ? '' : internal.message).toContain('host 127.0.0.1 is a loopback address');
    const allowed = checkTargetUrl('http://user:pw@127.0.0.1/', true);
    expect(allowed.ok ? '' : allowed.message).toContain('must not contain credentials');
    expect(checkTargetUrl('https://user:pw@example.com/', false).ok).toBe(false);
  });

  it.each([
    'file:///etc/passwd',
    'gopher://127.0.0.1:70/_GET',
    'gopher://example.com/',
    'ftp://example.com/',
    'data:text/plain,hi',
    'javascript:alert(1)',
    'not a url',
    'http://',
    '//example.com/x',
  ])('always refuses %s', (url) => {
    expect(checkTargetUrl(url, false).ok).toBe(false);
    expect(checkTargetUrl(url, true).ok).toBe(false);
  });

  it.each([
    'https://example.com/',
    'http://8.8.8.8/',
    'https://[2606:4700:4700::1111]/dns',
    'http://1.1.1.1:8080/x?y=1',
    'https://api.tfl.gov.uk/Line/central/Disruption',
    'https://localhost.example.com/',
  ])('accepts the public URL %s', (url) => {
    const r = checkTargetUrl(url, false);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.url.href).toBe(new URL(url).href);
  });
});

describe('classifyAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['169.254.169.254', 'linkLocal'],
    ['0.0.0.0', 'unspecified'],
    ['::1', 'loopback'],
    ['fe80::1%eth0', 'linkLocal'],
    ['fd12::1', 'uniqueLocal'],
    ['::ffff:10.0.0.1', 'ipv4Mapped private'],
    ['64:ff9b::a9fe:a9fe', 'nat64 linkLocal'],
    ['64:ff9b:1::1', 'rfc6052'],
    ['2002:c0a8:0101::1', '6to4 private'],
    ['::7f00:1', 'ipv4Compatible loopback'],
    ['::808:808', 'reserved'],
    ['8.8.8.8', null],
    ['2606:4700:4700::1111', null],
    ['::ffff:8.8.8.8', null],
    ['not-an-ip', 'invalid'],
  ])('classifies %s as %s', (ip, reason) => {
    expect(classifyAddress(ip)).toBe(reason);
  });
});

// ----- Address guard property (FAULTS.md "Properties") -----

/** The reference: ipaddr.js's range name; addresses that carry an IPv4 for translation are judged by that IPv4. */
function referenceV4(bytes: number[]): string | null {
  const range = new ipaddr.IPv4(bytes).range();
  return range === 'unicast' ? null : range;
}

function referenceV6(parts: number[]): string | null {
  const at = (i: number) => parts[i] ?? 0;
  const v4 = (hi: number, lo: number) => referenceV4([hi >> 8, hi & 255, lo >> 8, lo & 255]);
  const range = new ipaddr.IPv6(parts).range();
  const tagged = (form: string, ...inner: (string | null)[]) => {
    const bad = inner.find((r) => r !== null);
    return bad === undefined ? null : `${form} ${bad}`;
  };
  const zeros = (from: number, to: number) => parts.slice(from, to).every((p) => p === 0);
  if (range === 'ipv4Mapped' || range === 'rfc6145') return tagged(range, v4(at(6), at(7)));
  if (range === 'rfc6052') return at(1) === 0xff9b && zeros(2, 6) ? tagged('nat64', v4(at(6), at(7))) : range;
  if (range === '6to4') return tagged(range, v4(at(1), at(2)));
  if (range === 'teredo') return tagged(range, v4(at(2), at(3)), v4(at(6) ^ 0xffff, at(7) ^ 0xffff));
  if (range !== 'unicast') return range;
  if (zeros(0, 6)) return tagged('ipv4Compatible', v4(at(6), at(7))) ?? 'reserved';
  return at(0) >= 0x2000 && at(0) <= 0x3fff ? null : 'reserved';
}

const num = (n: number, base: 8 | 10 | 16, zeros: number) =>
  base === 10
    ? String(n)
    : base === 16
      ? `0x${'0'.repeat(zeros)}${n.toString(16)}`
      : `0${'0'.repeat(zeros)}${n.toString(8)}`;

/** inet_aton spellings of an IPv4: 1 to 4 parts, each decimal, octal or hex, with optional leading zeros. */
const v4Spelling = (b: number[]) =>
  fc
    .record({
      parts: fc.constantFrom(1, 2, 3, 4),
      base: fc.constantFrom<8 | 10 | 16>(8, 10, 16),
      zeros: fc.nat(2),
      upper: fc.boolean(),
    })
    .map(({ parts, base, zeros, upper }) => {
      const [a = 0, c = 0, d = 0, e = 0] = b;
      const n = ((a << 24) >>> 0) + (c << 16) + (d << 8) + e;
      const values =
        parts === 1 ? [n] : parts === 2 ? [a, n & 0xffffff] : parts === 3 ? [a, c, n & 0xffff] : [a, c, d, e];
      const s = values.map((v) => num(v, base, zeros)).join('.');
      return upper ? s.toUpperCase() : s;
    });

const v6Spelling = (parts: number[]) =>
  fc.constantFrom('compact', 'full', 'dotted', 'upper').map((style) => {
    const addr = new ipaddr.IPv6(parts);
    if (style === 'compact') return addr.toRFC5952String();
    if (style === 'full') return parts.map((p) => p.toString(16).padStart(4, '0')).join(':');
    if (style === 'upper') return addr.toString().toUpperCase();
    const [hi = 0, lo = 0] = parts.slice(6);
    return `${parts
      .slice(0, 6)
      .map((p) => p.toString(16))
      .join(':')}:${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  });

const byte = fc.integer({ min: 0, max: 255 });
const word = fc.integer({ min: 0, max: 0xffff });
/** Biased towards the interesting networks so each run covers them, plus anything at all. */
const v4Bytes: fc.Arbitrary<[number, number, number, number]> = fc.oneof(
  fc.tuple(fc.constantFrom(0, 10, 100, 127, 169, 172, 192, 198, 203, 224, 240, 255), byte, byte, byte),
  fc
    .tuple(fc.constantFrom([169, 254], [192, 168], [100, 64], [100, 127], [172, 31], [198, 19], [192, 0]), byte, byte)
    .map(([[a = 0, b = 0], c, d]): [number, number, number, number] => [a, b, c, d]),
  fc.tuple(byte, byte, byte, byte),
);
const v6Parts = fc.oneof(
  fc
    .tuple(
      fc.constantFrom([0, 0, 0, 0, 0, 0xffff], [0, 0, 0, 0, 0xffff, 0], [0x64, 0xff9b, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0]),
      v4Bytes,
    )
    .map(([pre, b]) => [...pre, (b[0] << 8) | b[1], (b[2] << 8) | b[3]]),
  fc
    .tuple(
      fc.constantFrom(0x2002, 0x2001, 0xfe80, 0xfc00, 0xfd00, 0xff02, 0x2600, 0x64),
      fc.array(word, { minLength: 7, maxLength: 7 }),
    )
    .map(([first, rest]) => [first, ...rest]),
  fc.array(word, { minLength: 8, maxLength: 8 }),
);

describe('address guard property', () => {
  it('gives every spelling of an IPv4 the verdict of the reference classifier, literal or in a URL', () => {
    fc.assert(
      fc.property(
        v4Bytes.chain((b) => fc.tuple(fc.constant(b), v4Spelling(b))),
        ([bytes, spelling]) => {
          const expected = referenceV4(bytes);
          expect(classifyAddress(spelling)).toBe(expected);
          expect(checkTargetUrl(`http://${spelling}/`, false).ok).toBe(expected === null);
          const [a, b, c, d] = bytes;
          const mapped = [0, 0, 0, 0, 0, 0xffff, (a << 8) | b, (c << 8) | d];
          expect(classifyAddress(`::ffff:${bytes.join('.')}`)).toBe(referenceV6(mapped));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('gives every spelling of an IPv6 the verdict of the reference classifier, literal or in a URL', () => {
    fc.assert(
      fc.property(
        v6Parts.chain((p) => fc.tuple(fc.constant(p), v6Spelling(p))),
        ([parts, spelling]) => {
          const expected = referenceV6(parts);
          expect(classifyAddress(spelling)).toBe(expected);
          expect(checkTargetUrl(`http://[${spelling}]/`, false).ok).toBe(expected === null);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('validateRequestHeaders', () => {
  it.each([
    ['X-Evil', 'a\r\nHost: internal', 'CR or LF'],
    ['X-Evil', 'a\nb', 'CR or LF'],
    ['X-Evil', 'a\u0000b', 'NUL'],
    ['X-Bell', 'a\u0007b', 'control characters'],
    ['Host', 'internal', 'set by tickwork'],
    ['transfer-encoding', 'chunked', 'set by tickwork'],
    ['Connection', 'close', 'set by tickwork'],
    ['Content-Length', '5', 'set by tickwork'],
    ['Proxy-Authorization', 'x', 'set by tickwork'],
    ['TE', 'trailers', 'set by tickwork'],
    ['Bad Name', 'x', 'RFC 9110 token'],
    ['X-Säure', 'x', 'RFC 9110 token'],
    ['X-Long', 'x'.repeat(8 * 1024 + 1), 'at most 8192 bytes'],
    ['X-Number', 42, 'must be a string'],
  ])('refuses %s: %j, naming the header', (name, value, message) => {
    const errors = validateRequestHeaders({ Accept: 'text/plain', [name]: value });
    expect(errors).toHaveLength(1);
    expect(errors[0]?.field).toBe(`http.headers.${name}`);
    expect(errors[0]?.message).toContain(message);
  });

  it('accepts ordinary headers, including secrets and tabs', () => {
    expect(
      validateRequestHeaders({ Authorization: 'Bearer x', 'X-Trace': 'a\tb', 'Content-Type': 'application/json' }),
    ).toEqual([]);
  });

  it('limits the number of headers', () => {
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`X-H${i}`, 'v']));
    expect(validateRequestHeaders(many)).toEqual([
      { field: 'http.headers', message: 'at most 50 headers are allowed' },
    ]);
  });
});

describe('TfL lines and regex syntax', () => {
  it('knows bakerloo and not bakerlo', () => {
    expect(unknownTflLines(['bakerloo', 'bakerlo', 'central', 'Central'])).toEqual(['bakerlo', 'Central']);
    expect(TFL_LINE_IDS).toContain('elizabeth');
    expect(TFL_LINE_IDS).toContain('windrush');
  });

  it('names a broken or over-long regex and accepts a good one', () => {
    expect(checkRegexSyntax('^ok$')).toBeNull();
    expect(checkRegexSyntax('(a')).toMatch(/not a valid regular expression/);
    expect(checkRegexSyntax('a'.repeat(1001))).toMatch(/at most 1000/);
  });
});
