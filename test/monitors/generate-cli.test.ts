import { afterAll, beforeAll, expect, it } from 'vitest';
import { forEachBackend, type TestDatabase } from '../support/backends.ts';
import { testEnv } from '../support/service.ts';
import { spawnTickwork } from '../support/processes.ts';

forEachBackend('tickwork monitors generate', (backend) => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await backend.create();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('creates N demo monitors of the target, each due once within one interval, and no duplicates when run again', async () => {
    const run = async (args: string[]) => {
      const p = spawnTickwork(['monitors', 'generate', ...args], testEnv(db));
      const code = await p.exited;
      return { code, out: p.output() };
    };
    const first = await run(['--count', '25', '--target', 'http://127.0.0.1:9/health', '--interval', '30']);
    expect(first.code, first.out).toBe(0);
    expect(first.out).toContain('created 25 monitors');
    const again = await run(['--count', '30', '--target', 'http://127.0.0.1:9/health', '--interval', '30']);
    expect(again.out).toContain('created 5 monitors (25 already existed)');
    const bad = await run(['--count', 'lots', '--target', 'ftp://x']);
    expect(bad.code).toBe(2);
    expect(bad.out).toMatch(/--count .*--target/s);
    const conn = await db.open();
    try {
      const [row] = await conn.query<{ n: number; urls: number; spread: number; events: number }>(
        `SELECT count(*)::int AS n, count(DISTINCT url)::int AS urls,
                (SELECT extract(epoch FROM max(next_check_at) - min(next_check_at))::float8
                   FROM (SELECT next_check_at FROM monitors ORDER BY id LIMIT 25) f) AS spread,
                (SELECT count(*)::int FROM events WHERE type = 'monitor.created') AS events
           FROM monitors WHERE interval_s = 30`,
      );
      expect(row).toMatchObject({ n: 30, urls: 30, events: 30 });
      expect(row?.spread).toBeLessThan(30);
    } finally {
      await conn.close();
    }
  });
});
