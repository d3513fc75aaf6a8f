import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpActionJson } from '../../src/domain/task.ts';
import { createHttpExecutor, type HttpExecutor } from '../../src/executors/index.ts';
import { startTarget, type Target, type TargetRequest } from '../support/target.ts';

/** Signed calls at the executor: the Standard Webhooks headers as sent, and what a redirect carries on. */
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const NEW_SECRET = 'whsec_aGVsbG8gd29ybGQgdGhpcyBpcyAzMiBieXRlcyE=';

let a: Target;
let b: Target;
let http: HttpExecutor;
const live = () => new AbortController().signal;
const action = (url: string, over: Partial<HttpActionJson> = {}): HttpActionJson => ({
  type: 'http', method: 'POST', url, headers: { 'content-type': 'application/json' }, body: '{"n":1}',
  timeout_ms: 5_000, expect_status: null, expect_body_regex: null, ...over,
});
const headersOf = (r: TargetRequest) => ({
  'webhook-id': String(r.headers['webhook-id']), 'webhook-timestamp': String(r.headers['webhook-timestamp']), 'webhook-signature': String(r.headers['webhook-signature']),
});

beforeAll(async () => {
  a = await startTarget();
  b = await startTarget();
  a.on('/same-origin', (_req, res) => res.writeHead(307, { location: '/landed' }).end());
  a.on('/other-origin', (_req, res) => res.writeHead(307, { location: `${b.url}/landed` }).end());
  http = createHttpExecutor({ allowPrivate: true, maxResponseBytes: 65_536, maxRedirects: 5, userAgent: 'tickwork-test', connections: 4 });
});
afterAll(async () => {
  await http.close();
  await a.close();
  await b.close();
});

describe('signed calls', () => {
  it('signs the body with every secret given, verifiable by a Standard Webhooks library', async () => {
    const r = await http.execute(action(`${a.url}/hook`), live(), { id: '41-2', secrets: [NEW_SECRET, SECRET] });
    expect(r.status).toBe('succeeded');
    const hit = a.hits('/hook').at(-1)!;
    expect(hit.headers['webhook-id']).toBe('41-2');
    expect(Math.abs(Number(hit.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
    expect(String(hit.headers['webhook-signature']).split(' ')).toHaveLength(2);
    for (const s of [SECRET, NEW_SECRET]) expect(new Webhook(s).verify(hit.body, headersOf(hit))).toEqual({ n: 1 });
    // Tampered with, it no longer verifies.
    expect(() => new Webhook(SECRET).verify('{"n":2}', headersOf(hit))).toThrow();
  });

  it('signs a call without a body over the empty body', async () => {
    await http.execute(action(`${a.url}/get`, { method: 'GET', body: null, headers: {} }), live(), { id: '7-1', secrets: [SECRET] });
    const hit = a.hits('/get').at(-1)!;
    expect(hit.body).toBe('');
    expect(() => new Webhook(SECRET).verify('', headersOf(hit))).not.toThrow();
    expect(() => new Webhook(SECRET).verify('x', headersOf(hit))).toThrow();
  });

  it('sends no signature headers unless asked', async () => {
    await http.execute(action(`${a.url}/plain`), live());
    expect(a.hits('/plain').at(-1)!.headers).not.toHaveProperty('webhook-signature');
  });

  it('keeps the signature on a same-origin redirect and drops it on a redirect to another origin', async () => {
    await http.execute(action(`${a.url}/same-origin`), live(), { id: '1-1', secrets: [SECRET] });
    const same = a.hits('/landed').at(-1)!;
    expect(new Webhook(SECRET).verify(same.body, headersOf(same))).toEqual({ n: 1 });
    await http.execute(action(`${a.url}/other-origin`), live(), { id: '1-1', secrets: [SECRET] });
    expect(b.hits('/landed').at(-1)!.headers).not.toHaveProperty('webhook-signature');
  });
});
