import type { LookupAddress } from 'node:dns';
import type { ServerResponse } from 'node:http';
import type { LookupFunction } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { HttpActionJson } from '../../src/domain/task.ts';
import { createHttpExecutor, type HttpExecutor, type HttpExecutorOptions } from '../../src/executors/index.ts';
import { startTarget, type Target } from '../support/target.ts';
import { waitFor } from '../support/wait.ts';

/** FAULTS.md S2–S4: hostile targets. Each asserts what happened (bytes, requests, status), never how long it took. */

const CAP = 256 * 1024;
let server: Target;
const executors: HttpExecutor[] = [];

function executor(over: Partial<HttpExecutorOptions> = {}): HttpExecutor {
  const e = createHttpExecutor({
    allowPrivate: true,
    maxResponseBytes: CAP,
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

/** A resolver answering fixed addresses for every name, as a hostile or re-bound DNS would. */
function fixedLookup(addresses: string[]): LookupFunction {
  return (_hostname, options, callback) => {
    const all: LookupAddress[] = addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    if (options.all === true) callback(null, all);
    else callback(null, addresses[0] ?? '', all[0]?.family ?? 4);
  };
}

/** Writes `chunk` for as long as the client reads, like an endless stream. */
function endless(res: ServerResponse, chunk: Buffer): void {
  const pump = () => {
    while (!res.destroyed && res.write(chunk));
    if (!res.destroyed) res.once('drain', pump);
  };
  pump();
}

beforeAll(async () => {
  server = await startTarget();
  server.on('/to-metadata', (_req, res) =>
    res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end(),
  );
  server.on('/to-name', (_req, res) =>
    res.writeHead(307, { location: `http://metadata.test:${server.port}/ok` }).end(),
  );
  server.on('/to-localhost', (_req, res) =>
    res.writeHead(302, { location: `http://localhost:${server.port}/hop-reached` }).end(),
  );
  server.on('/to-decimal', (_req, res) => res.writeHead(301, { location: 'http://2852039166/latest/' }).end());
  server.on('/to-mapped', (_req, res) =>
    res.writeHead(308, { location: 'http://[::ffff:a9fe:a9fe]/latest/' }).end(),
  );
  server.on('/to-private', (_req, res) => res.writeHead(302, { location: 'http://10.0.0.1/' }).end());
  server.on('/to-relative-name', (_req, res) =>
    res.writeHead(302, { location: `//metadata.test:${server.port}/hop-reached` }).end(),
  );
  for (let i = 0; i < 10; i++) {
    server.on(`/chain/${i}`, (_req, res) => res.writeHead(302, { location: `/chain/${i + 1}` }).end(`hop ${i}`));
  }
  server.on('/chain/10', (_req, res) => res.end('end of chain'));
  server.on('/see-other', (_req, res) => res.writeHead(303, { location: '/chain/10' }).end());
  server.on('/five-gb', (_req, res) => {
    res.writeHead(200, { 'content-length': String(5 * 1024 ** 3) });
    endless(res, Buffer.alloc(64 * 1024, 0x61));
  });
  server.on('/endless-chunked', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    endless(res, Buffer.alloc(16 * 1024, 0x62));
  });
  server.on('/trickle', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    const timer = setInterval(() => res.write('x'), 1_000);
    res.write('x');
    res.on('close', () => clearInterval(timer));
  });
  // Compressed once, so the server's own allocations do not show in the memory measured per call.
  const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024));
  server.on('/gzip-bomb', (_req, res) => {
    res.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'text/plain' });
    res.end(bomb);
  });
  server.on('/silent', () => {
    /* never answers: no status line, no headers */
  });
  server.on('/many-headers', (_req, res) => {
    const headers: Record<string, string> = {};
    for (let i = 0; i < 10_000; i++) headers[`x-h${i}`] = 'v';
    res.writeHead(200, headers).end('ok');
  });
});
afterEach(async () => {
  await Promise.all(executors.splice(0).map((e) => e.close()));
});
afterAll(async () => {
  await server.close();
});

describe('S2: names that resolve to internal addresses', () => {
  /** Connections and requests that reached the loopback server from a call the guard should have refused. */
  let reachedLoopback = 0;
  let cases = 0;
  afterAll(() => {
    console.log(`figure: S2 requests reaching loopback ${reachedLoopback} (over ${cases} refused calls)`);
  });

  it.each([
    ['resolves to loopback', ['127.0.0.1']],
    ['answers public first and loopback second', ['93.184.215.14', '127.0.0.1']],
    ['answers a v4-mapped loopback', ['::ffff:127.0.0.1']],
  ])('fails as a blocked target when the name %s, and nothing reaches the server', async (_what, addresses) => {
    const before = { connections: server.connections, requests: server.requests.length };
    const e = executor({ allowPrivate: false, lookup: fixedLookup(addresses) });
    const r = await e.execute(action(`http://localhost.test:${server.port}/ok`), live());
    expect(r).toMatchObject({ status: 'failed', http_status: null, body: null });
    expect(r.error).toMatch(/^host localhost\.test is a .*private targets are refused .*\(it resolves to .*\)$/);
    const call = await e.call({
      method: 'GET',
      url: `http://localhost.test:${server.port}/ok`,
      headers: {},
      body: null,
      timeoutMs: 5_000,
      signal: live(),
    });
    expect(call.error?.kind).toBe('blocked_target');
    cases += 2;
    reachedLoopback += server.connections - before.connections + (server.requests.length - before.requests);
    expect(server.connections).toBe(before.connections);
    expect(server.requests.length).toBe(before.requests);
  });

  it('refuses a literal loopback address without connecting', async () => {
    const before = server.connections;
    const r = await executor({ allowPrivate: false }).execute(action(`http://127.1:${server.port}/ok`), live());
    expect(r.error).toBe(
      'host 127.0.0.1 is a loopback address; private targets are refused unless TICKWORK_ALLOW_PRIVATE_TARGETS=true',
    );
    cases += 1;
    reachedLoopback += server.connections - before;
    expect(server.connections).toBe(before);
  });
});

describe('S3: redirects', () => {
  // The local server is allow-listed so it can play the redirecting target while the guard stays on.
  const guarded = () =>
    executor({ allowPrivate: false, allowedNetworks: ['127.0.0.1/32'], lookup: fixedLookup(['169.254.169.254']) });

  /** Hops past a refused redirect that were taken: a result from beyond it, or a request to `/hop-reached`. */
  let followed = 0;
  let hops = 0;
  afterAll(() => {
    console.log(`figure: S3 internal hops followed ${followed} (of ${hops} internal redirects)`);
  });

  it.each([
    [
      '/to-metadata',
      'redirect to http://169.254.169.254/latest/meta-data/ refused: host 169.254.169.254 is a link-local address',
    ],
    ['/to-localhost', 'is a localhost name'],
    ['/to-name', 'host metadata.test is a link-local address'],
    ['/to-relative-name', 'host metadata.test is a link-local address'],
    ['/to-decimal', 'host 169.254.169.254 is a link-local address'],
    ['/to-mapped', 'ipv4Mapped linkLocal'],
    ['/to-private', 'host 10.0.0.1 is a private (RFC 1918) address'],
  ])('refuses the internal hop of %s and stores nothing from it', async (path, message) => {
    const reachedBefore = server.requests.filter((q) => q.path === '/hop-reached').length;
    const r = await guarded().execute(action(`${server.url}${path}`), live());
    const reached = server.requests.filter((q) => q.path === '/hop-reached').length - reachedBefore;
    hops += 1;
    followed += reached + (r.error?.includes('refused') === true ? 0 : 1);
    expect(reached).toBe(0);
    expect(r).toMatchObject({ status: 'failed', http_status: null, body: null, body_truncated: false });
    expect(r.error).toContain(message);
  });

  it('caps a chain of 10 redirects', async () => {
    const before = server.requests.length;
    const r = await executor({ maxRedirects: 5 }).execute(action(`${server.url}/chain/0`), live());
    expect(r).toMatchObject({
      status: 'failed',
      http_status: 302,
      error: 'too many redirects (more than 5)',
      body: '',
    });
    expect(server.requests.length - before).toBe(6);
  });

  it('stops at a redirect whose status the task expects', async () => {
    const r = await executor().execute(action(`${server.url}/chain/0`, { expect_status: [302] }), live());
    expect(r).toMatchObject({ status: 'succeeded', http_status: 302, body: 'hop 0' });
  });

  it('follows a chain within the limit, and turns a 303 after a POST into a GET', async () => {
    const chain = await executor({ maxRedirects: 10 }).execute(action(`${server.url}/chain/0`), live());
    expect(chain).toMatchObject({ status: 'succeeded', http_status: 200, body: 'end of chain' });
    const seeOther = await executor().execute(action(`${server.url}/see-other`, { method: 'POST', body: 'x' }), live());
    expect(seeOther).toMatchObject({ status: 'succeeded', body: 'end of chain' });
    expect(server.requests.at(-1)).toMatchObject({ method: 'GET', path: '/chain/10', body: '' });
  });
});

describe('S4: bodies and headers that never end', () => {
  const call = (e: HttpExecutor, path: string, timeoutMs = 10_000) =>
    e.call({ method: 'GET', url: `${server.url}${path}`, headers: {}, body: null, timeoutMs, signal: live() });
  const figures = { rssPerCallKiB: Number.NaN, heapPerCallKiB: Number.NaN, secondsPastDeadline: Number.NaN };
  afterAll(() => {
    console.log(
      `figure: S4 RSS growth per call ${figures.rssPerCallKiB.toFixed(1)} KiB (heap ${figures.heapPerCallKiB.toFixed(1)} KiB); ` +
        `seconds past the deadline ${figures.secondsPastDeadline.toFixed(2)}`,
    );
  });

  it.each(['/five-gb', '/endless-chunked'])(
    'stops reading %s at the byte cap and closes the connection',
    async (path) => {
      const closedBefore = server.closedConnections;
      const e = executor();
      const res = await call(e, path);
      expect(res.error).toBeNull();
      expect(res.body.length).toBe(CAP);
      expect(res.bodyTruncated).toBe(true);
      await waitFor('the connection to close', () => server.closedConnections > closedBefore, 5_000);
      const run = await e.execute(action(`${server.url}${path}`), live());
      expect(run).toMatchObject({ status: 'succeeded', http_status: 200, body_truncated: true });
      expect(run.body?.length).toBe(4096);
    },
  );

  it('ends a 1 byte/s trickle at the deadline', async () => {
    const r = await executor().execute(action(`${server.url}/trickle`, { timeout_ms: 1_500 }), live());
    expect(r).toMatchObject({ status: 'timed_out', http_status: 200, error: 'no complete response within 1500 ms' });
    expect(r.body?.length).toBeLessThanOrEqual(3);
  });

  it('does not expand a gzip bomb', async () => {
    const res = await call(executor(), '/gzip-bomb');
    const compressed = gzipSync(Buffer.alloc(50 * 1024 * 1024)).length;
    expect(res.error).toBeNull();
    expect(res.body.length).toBe(compressed);
    expect(res.body.length).toBeLessThan(CAP);
    expect([res.body[0], res.body[1]]).toEqual([0x1f, 0x8b]);
  });

  it('keeps memory bounded over repeated 5 GB, endless, gzip-bomb and 10,000-header answers', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const paths = ['/five-gb', '/endless-chunked', '/gzip-bomb', '/many-headers'];
    const e = executor();
    const round = async () => {
      for (const path of paths) {
        const r = await e.execute(action(`${server.url}${path}`), live());
        expect(r.body === null || r.body.length <= 4096).toBe(true);
        expect(r.status).not.toBe('timed_out');
      }
    };
    // Warm-up: connection pools, buffers, JIT and the allocator's arenas (RSS climbs, then stays flat). The figure
    // also counts the in-process target server's allocations, so it is an upper bound for the caller alone.
    for (let i = 0; i < 5; i++) await round();
    gc();
    const before = process.memoryUsage();
    const rounds = 25;
    for (let i = 0; i < rounds; i++) await round();
    gc();
    const after = process.memoryUsage();
    figures.rssPerCallKiB = (after.rss - before.rss) / 1024 / (rounds * paths.length);
    figures.heapPerCallKiB = (after.heapUsed - before.heapUsed) / 1024 / (rounds * paths.length);
  });

  it('ends a call at its deadline whether the target trickles or never answers', async () => {
    const deadlineMs = 1_500;
    let worst = 0;
    for (const path of ['/trickle', '/silent']) {
      const started = Date.now();
      const r = await executor().execute(action(`${server.url}${path}`, { timeout_ms: deadlineMs }), live());
      worst = Math.max(worst, (Date.now() - started - deadlineMs) / 1000);
      expect(r.status, path).toBe('timed_out');
    }
    figures.secondsPastDeadline = worst;
  });

  it('answers an ordinary call while hostile calls on the same executor are still running', async () => {
    const e = executor();
    const pending = new Set<string>();
    const hostile = ['/trickle', '/silent', '/endless-chunked'].map(async (path) => {
      pending.add(path);
      // The endless stream ends at the byte cap; the other two at their deadline.
      await e.execute(action(`${server.url}${path}`, { timeout_ms: 4_000 }), live());
      pending.delete(path);
    });
    await waitFor('the silent call to arrive', () => server.requests.filter((q) => q.path === '/silent').length > 0);
    const ordinary = await e.execute(action(`${server.url}/ok`), live());
    expect(ordinary).toMatchObject({ status: 'succeeded', http_status: 200, body: 'ok' });
    expect(pending).toContain('/silent');
    expect(pending).toContain('/trickle');
    await Promise.all(hostile);
  });

  it('fails cleanly on 10,000 response headers', async () => {
    const r = await executor().execute(action(`${server.url}/many-headers`), live());
    expect(r).toMatchObject({
      status: 'failed',
      http_status: null,
      error: 'response headers exceed the limit of 32768 bytes',
    });
  });
});
