import { createServer, type Server } from 'node:http';
import fc from 'fast-check';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_HEADER_NAME_LENGTH, validateRequestHeaders } from '../../src/domain/targets.ts';

/**
 * A task's headers are checked at creation so that a task never fails every run for them (issue 8 item 8): any
 * header set `validateRequestHeaders` accepts must be one undici — the client the executor calls targets with —
 * sends. Checked against undici itself, calling a local server.
 */

const TOKEN_CHARS = "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".split('');
/** Characters near every edge undici and the checks draw: controls, DEL, Latin-1, beyond it, surrogates. */
const EDGE_CHARS = ['\t', ' ', '\u0000', '\r', '\n', '\u0001', '\u001f', '\u007f', '\u0080', '\u00a0', '\u00e9', '\u00ff', '\u0100', '\u20ac', '\ud800', '\u{1f600}', ':', '"', '(', '/'];

const headerName = fc.oneof(
  { arbitrary: fc.string({ unit: fc.constantFrom(...TOKEN_CHARS), minLength: 1, maxLength: 20 }), weight: 6 },
  { arbitrary: fc.string({ unit: fc.constantFrom(...TOKEN_CHARS, ...EDGE_CHARS), minLength: 0, maxLength: 20 }), weight: 2 },
  { arbitrary: fc.integer({ min: MAX_HEADER_NAME_LENGTH - 2, max: MAX_HEADER_NAME_LENGTH + 2 }).map((n) => 'X'.repeat(n)), weight: 1 },
);
const headerValue = fc.oneof(
  { arbitrary: fc.string({ unit: fc.constantFrom(...'abcXYZ019 -_=;,/\t\u00e9\u00ff'), maxLength: 30 }), weight: 6 },
  { arbitrary: fc.string({ unit: fc.constantFrom(...'abcXYZ019 -_=;,/', ...EDGE_CHARS), maxLength: 30 }), weight: 4 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 30 }), weight: 1 },
);
const headerSet = fc.dictionary(headerName, headerValue, { maxKeys: 8 });

describe('task request headers', () => {
  let server: Server;
  let url = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.end('ok'));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const addr = server.address();
    if (addr === null || typeof addr === 'string') throw new Error('no address');
    url = `http://127.0.0.1:${addr.port}/`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
  });

  it('accepts only header sets undici sends: every set that passes creation is sent by undici', async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(headerSet, async (headers) => {
        if (validateRequestHeaders(headers).length > 0) return;
        accepted++;
        const res = await request(url, { method: 'POST', headers, body: 'x' });
        await res.body.text();
        expect(res.statusCode).toBe(200);
      }),
      { numRuns: 400, seed: 8_7 },
    );
    // The property says something only if many sets were accepted and sent.
    expect(accepted).toBeGreaterThan(100);
  });

  it('refuses header sets undici would refuse, naming the header', async () => {
    let refusedByUndici = 0;
    await fc.assert(
      fc.asyncProperty(headerSet, async (headers) => {
        let undiciRefused = false;
        try {
          const res = await request(url, { method: 'POST', headers, body: 'x' });
          await res.body.text();
        } catch (err) {
          undiciRefused = (err as { code?: string }).code === 'UND_ERR_INVALID_ARG';
        }
        if (!undiciRefused) return;
        refusedByUndici++;
        expect(validateRequestHeaders(headers).map((e) => e.field)).not.toEqual([]);
      }),
      { numRuns: 400, seed: 8_8 },
    );
    expect(refusedByUndici).toBeGreaterThan(20);
  });

  it('draws the lines where undici does: Latin-1 values and 256-character token names pass, the rest is named', () => {
    expect(validateRequestHeaders({ 'X-Latin': 'caf\u00e9 \u00ff\tend', ['X'.repeat(256)]: 'v' })).toEqual([]);
    const fields = (h: Record<string, string>) => validateRequestHeaders(h).map((e) => `${e.field}: ${e.message}`);
    expect(fields({ 'X-Euro': '\u20ac' })).toEqual(['http.headers.X-Euro: header value must be Latin-1 text (it contains U+20AC)']);
    expect(fields({ 'X-Del': 'a\u007f' })).toEqual(['http.headers.X-Del: header value must not contain control characters (it contains U+007F)']);
    expect(fields({ ['X'.repeat(257)]: 'v' })).toEqual([`http.headers.${'X'.repeat(257)}: header name must be at most 256 characters`]);
    expect(fields({ 'X A': 'v' })).toEqual(['http.headers.X A: header name must be an RFC 9110 token']);
    expect(fields({ 'Transfer-Encoding': 'chunked' })).toEqual(['http.headers.Transfer-Encoding: header Transfer-Encoding is set by tickwork and cannot be given']);
  });
});
