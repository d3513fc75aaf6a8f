import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { HttpActionJson } from '../../src/domain/task.ts';
import { createHttpExecutor, type HttpExecutor, type HttpExecutorOptions } from '../../src/executors/index.ts';
import { startTarget, type Target } from '../support/target.ts';

let server: Target;
const executors: HttpExecutor[] = [];

function executor(over: Partial<HttpExecutorOptions> = {}): HttpExecutor {
  const e = createHttpExecutor({
    allowPrivate: true,
    maxResponseBytes: 256 * 1024,
    maxRedirects: 5,
    userAgent: 'tickwork-test',
    connections: 4,
    ...over,
  });
  executors.push(e);
  return e;
}

const action = (url: string, over: Partial<HttpActionJson> = {}): HttpActionJson => ({
  type: 'http',
  method: 'GET',
  url,
  headers: {},
  body: null,
  timeout_ms: 5_000,
  expect_status: null,
  expect_body_regex: null,
  ...over,
});

const live = () => new AbortController().signal;

beforeAll(async () => {
  server = await startTarget();
  server.on('/status/500', (_req, res) => res.writeHead(500).end('boom'));
  server.on('/echo', (req, res) => {
    const last = server.requests.at(-1);
    res.writeHead(201, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ method: req.method, body: last?.body, trace: req.headers['x-trace'] }));
  });
  server.on('/hang', () => {}); // never answers
  server.on('/big', (_req, res) => res.writeHead(200).end('é'.repeat(3000))); // 6000 bytes of UTF-8
});
afterEach(async () => {
  await Promise.all(executors.splice(0).map((e) => e.close()));
});
afterAll(async () => {
  await server.close();
});

describe('http executor', () => {
  it('succeeds on a 2xx and keeps the body, asking for it uncompressed', async () => {
    const r = await executor().execute(action(`${server.url}/ok`), live());
    expect(r).toMatchObject({ status: 'succeeded', http_status: 200, error: null, body: 'ok', body_truncated: false });
    expect(r.duration_ms).toBeGreaterThanOrEqual(0);
    const seen = server.requests.at(-1);
    expect(seen?.headers['accept-encoding']).toBe('identity');
    expect(seen?.headers['user-agent']).toBe('tickwork-test');
  });

  it('sends the method, body and headers of the action', async () => {
    const r = await executor().execute(
      action(`${server.url}/echo`, {
        method: 'POST',
        body: '{"a":1}',
        headers: { 'X-Trace': 't-1', 'Content-Type': 'application/json' },
      }),
      live(),
    );
    expect(r.status).toBe('succeeded');
    expect(JSON.parse(r.body ?? '')).toEqual({ method: 'POST', body: '{"a":1}', trace: 't-1' });
  });

  it('fails on an unexpected status and says which it got', async () => {
    const r = await executor().execute(action(`${server.url}/status/500`), live());
    expect(r).toMatchObject({
      status: 'failed',
      http_status: 500,
      error: 'expected a 2xx status, got 500',
      body: 'boom',
    });
    const wanted = await executor().execute(action(`${server.url}/status/500`, { expect_status: [500, 503] }), live());
    expect(wanted).toMatchObject({ status: 'succeeded', http_status: 500, error: null });
    const not201 = await executor().execute(action(`${server.url}/ok`, { expect_status: [201] }), live());
    expect(not201).toMatchObject({ status: 'failed', error: 'expected status 201, got 200' });
  });

  it('checks the body against the regex', async () => {
    const e = executor();
    expect(await e.execute(action(`${server.url}/ok`, { expect_body_regex: '^o.$' }), live())).toMatchObject({
      status: 'succeeded',
    });
    const miss = await e.execute(action(`${server.url}/ok`, { expect_body_regex: 'healthy' }), live());
    expect(miss).toMatchObject({ status: 'failed', http_status: 200, error: 'body does not match "healthy"' });
  });

  it('does not carry credentials to another origin on a redirect', async () => {
    server.on('/to-other-origin', (_req, res) =>
      res.writeHead(307, { location: `http://localhost:${server.port}/ok` }).end(),
    );
    const headers = { Authorization: 'Bearer secret', 'X-Api-Key': 'k', 'X-Trace': 't-2' };
    const r = await executor().execute(action(`${server.url}/to-other-origin`, { headers }), live());
    expect(r).toMatchObject({ status: 'succeeded', body: 'ok' });
    const [first, second] = server.requests.slice(-2).map((q) => q.headers);
    expect(first).toMatchObject({ authorization: 'Bearer secret', 'x-api-key': 'k', host: `127.0.0.1:${server.port}` });
    expect(second).toMatchObject({ 'x-trace': 't-2', host: `localhost:${server.port}` });
    expect(second?.authorization).toBeUndefined();
    expect(second?.['x-api-key']).toBeUndefined();
  });

  it('keeps only the first 4 KiB of the body, without cutting a character', async () => {
    const r = await executor().execute(action(`${server.url}/big`), live());
    expect(r.body_truncated).toBe(true);
    expect(r.body).toBe('é'.repeat(2048));
  });

  it('ends at the deadline as timed_out when the target never answers', async () => {
    const r = await executor().execute(action(`${server.url}/hang`, { timeout_ms: 300 }), live());
    expect(r).toMatchObject({ status: 'timed_out', http_status: null, error: 'no complete response within 300 ms' });
  });

  it('says the connection was refused', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const address = closed.address();
    const port = address !== null && typeof address === 'object' ? address.port : 0;
    await new Promise((resolve) => closed.close(resolve));
    const r = await executor().execute(action(`http://127.0.0.1:${port}/`), live());
    expect(r).toMatchObject({ status: 'failed', http_status: null, body: null });
    expect(r.error).toContain('connection refused by 127.0.0.1');
  });

  it('names a TLS failure', async () => {
    const r = await executor().execute(action(`https://127.0.0.1:${server.port}/ok`), live());
    expect(r.status).toBe('failed');
    expect(r.error).toMatch(/^TLS with 127\.0\.0\.1:\d+ failed/);
  });

  it('stops when the engine aborts, giving the reason', async () => {
    const controller = new AbortController();
    const pending = executor().execute(action(`${server.url}/hang`), controller.signal);
    controller.abort(new Error('shutting down'));
    expect(await pending).toMatchObject({ status: 'failed', error: 'aborted: shutting down' });
  });

  it('refuses stored headers that could smuggle a request, before connecting', async () => {
    const before = server.connections;
    const r = await executor().execute(
      action(`${server.url}/ok`, { headers: { 'X-Evil': 'a\r\nHost: internal' } }),
      live(),
    );
    expect(r).toMatchObject({ status: 'failed', http_status: null });
    expect(r.error).toContain('http.headers.X-Evil');
    expect(server.connections).toBe(before);
  });

  it('answers monitor checks with the fields a check stores', async () => {
    const e = executor();
    const up = await e.check(
      { url: `${server.url}/ok`, method: 'GET', timeout_ms: 2_000, expect_status: null, regexp: 'ok' },
      live(),
    );
    expect(up).toMatchObject({ status_code: 200, ok: true, matched: true, error: null, error_kind: null, cert: null });
    const down = await e.check(
      { url: `${server.url}/status/500`, method: 'GET', timeout_ms: 2_000, expect_status: null, regexp: null },
      live(),
    );
    expect(down).toMatchObject({ status_code: 500, ok: false, matched: null, error: 'expected a 2xx status, got 500' });
  });
});
