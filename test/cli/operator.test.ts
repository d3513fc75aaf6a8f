import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT_DIR, TMP_DIR } from '../support/paths.ts';
import { pgliteBackend, type TestDatabase } from '../support/backends.ts';
import { TEST_ADMIN_KEY, testEnv } from '../support/service.ts';
import { spawnTickwork, waitForOutput, type TickworkProcess } from '../support/processes.ts';
import { startTarget, type Target } from '../support/target.ts';
import { waitFor } from '../support/wait.ts';

interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The operator commands against a running embedded service (`tickwork start` as a child process on its own data
 * dir and a free port), as an operator would run them in a shell beside it.
 */
describe('operator commands against a running embedded service', () => {
  let db: TestDatabase;
  let service: TickworkProcess;
  let target: Target;
  let url = '';

  const tickwork = (args: string[], env: Record<string, string> = {}): Result => {
    const r = spawnSync(process.execPath, [`${ROOT_DIR}bin/tickwork.js`, ...args], {
      cwd: ROOT_DIR,
      env: { PATH: process.env.PATH ?? '', TICKWORK_URL: url, TICKWORK_KEY: TEST_ADMIN_KEY, ...env },
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const ok = (args: string[]): Result => {
    const r = tickwork(args);
    expect(r.status, `${args.join(' ')}\n${r.stderr}`).toBe(0);
    return r;
  };
  const json = <T = Record<string, unknown>>(args: string[]): T => JSON.parse(ok([...args, '--json']).stdout) as T;

  beforeAll(async () => {
    db = await pgliteBackend.create();
    target = await startTarget();
    service = spawnTickwork(['start'], testEnv(db, { TICKWORK_LOG_LEVEL: 'info' }));
    await waitForOutput(service, /tickwork is listening/);
    const m = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(service.output());
    if (m?.[1] === undefined) throw new Error(`no URL in the log:\n${service.output()}`);
    url = m[1];
  });
  afterAll(async () => {
    service?.kill('SIGTERM');
    await service?.exited;
    await target?.close();
    await db?.drop();
  });

  it('creates, lists, shows, pauses, resumes, triggers and deletes a task, in tables and in JSON', async () => {
    const created = json(['tasks', 'create', '--name', 'cli ping', '--every', '1h', '--url', `${target.url}/cli`, '--header', 'X-From: cli']);
    expect(created).toMatchObject({ title: 'cli ping', state: 'active', schedule: { type: 'interval', seconds: 3600 } });
    const id = created.id as number;
    expect(ok(['tasks', 'ls']).stdout).toMatch(new RegExp(`^${id}\\s+active\\s+cli ping\\s+every 3600 s`, 'm'));
    expect(json<unknown[]>(['tasks', 'ls']).map((t) => (t as { id: number }).id)).toContain(id);
    expect(ok(['tasks', 'get', String(id)]).stdout).toMatch(/^state\s+active$/m);
    expect(json(['tasks', 'get', String(id)]).action).toMatchObject({ type: 'http', url: `${target.url}/cli` });
    expect(json(['tasks', 'pause', String(id)]).state).toBe('paused');
    expect(ok(['tasks', 'resume', String(id)]).stdout).toMatch(/^state\s+active$/m);
    const run = json(['tasks', 'trigger', String(id)]);
    expect(run.run_id).toEqual(expect.any(Number));
    await waitFor('the triggered call', () => target.hits('/cli').length > 0);
    expect(target.hits('/cli')[0]?.headers['x-from']).toBe('cli');
    // The run is listed once it has its outcome.
    await waitFor('the run to succeed', () => json<{ id: number; status: string }[]>(['runs', 'ls', '--task', String(id)]).find((r) => r.id === run.run_id && r.status === 'succeeded'), 30_000, 200);
    expect(ok(['runs', 'ls', '--task', String(id)]).stdout).toMatch(new RegExp(`^${String(run.run_id)}\\s+${id}\\s+1\\s+succeeded`, 'm'));
    const tail = ok(['runs', 'tail', '--task', String(id), '--limit', '5', '--json']).stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: number });
    expect(tail.map((r) => r.id)).toContain(run.run_id);
    expect(json(['tasks', 'rm', String(id)])).toEqual({ id, deleted: true });
    const gone = tickwork(['tasks', 'get', String(id)]);
    expect(gone.status).toBe(1);
    expect(gone.stderr).toMatch(/404/);
    expect(gone.stdout).toBe('');
    // Fourteen commands, each a process of its own: on a loaded machine this outlasts the default timeout.
  }, 180_000);

  it('takes the whole body from a file with --body, and prints an API problem readably, naming the field (exit 1)', () => {
    const file = `${TMP_DIR}cli-task-${process.pid}.json`;
    writeFileSync(file, JSON.stringify({ title: 'from file', cron: '0 3 * * *', timezone: 'Europe/London', http: { url: `${target.url}/file` } }));
    const task = json(['tasks', 'create', '--body', `@${file}`]);
    expect(task).toMatchObject({ title: 'from file', schedule: { type: 'cron', expression: '0 3 * * *', timezone: 'Europe/London' } });
    const bad = tickwork(['tasks', 'create', '--every', '0', '--url', `${target.url}/bad`]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^tickwork tasks: 400 /);
    expect(bad.stderr).toMatch(/- interval: /);
    expect(bad.stdout).toBe('');
  });

  it('lists monitors and shows one, in tables and in JSON', async () => {
    const res = await fetch(`${url}/v1/monitors`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: `${target.url}/monitored`, interval: 3600 }),
    });
    expect(res.status).toBe(201);
    const id = ((await res.json()) as { id: number }).id;
    expect(json<{ id: number }[]>(['monitors', 'ls']).map((m) => m.id)).toContain(id);
    expect(ok(['monitors', 'ls']).stdout).toMatch(new RegExp(`^${id}\\s+`, 'm'));
    expect(json(['monitors', 'get', String(id)]).url).toBe(`${target.url}/monitored`);
    expect(ok(['monitors', 'get', String(id)]).stdout).toMatch(new RegExp(`^url\\s+${target.url}/monitored$`, 'm'));
  });

  it('tails the latest events, filtered by type, in a table and as JSON lines', () => {
    const id = String(json(['tasks', 'create', '--every', '1h', '--url', `${target.url}/tailed`]).id);
    ok(['tasks', 'pause', id]);
    ok(['tasks', 'resume', id]);
    const events = ok(['events', 'tail', '--type', 'task.*', '--limit', '3', '--json']).stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: number; type: string });
    expect(events).toHaveLength(3);
    expect(events.every((e) => e.type.startsWith('task.'))).toBe(true);
    // The last three, in id order: created, paused, resumed.
    expect(events.map((e) => e.type)).toEqual(['task.created', 'task.paused', 'task.resumed']);
    expect(events.map((e) => e.id)).toEqual([...events.map((e) => e.id)].sort((a, b) => a - b));
    const table = ok(['events', 'tail', '--limit', '2']).stdout.split('\n');
    expect(table[0]).toMatch(/^ID\s+TIME\s+TYPE\s+SUBJECT/);
    expect(table.filter((l) => /^\d+\s/.test(l))).toHaveLength(2);
  }, 120_000);

  it('follows new run events until SIGTERM, then exits 0', async () => {
    const created = json(['tasks', 'create', '--name', 'followed', '--every', '1h', '--url', `${target.url}/followed`]);
    const child = spawn(process.execPath, [`${ROOT_DIR}bin/tickwork.js`, 'events', 'tail', '--follow', '--type', 'run.*', '--limit', '0', '--json'], {
      cwd: ROOT_DIR,
      env: { PATH: process.env.PATH ?? '', TICKWORK_URL: url, TICKWORK_KEY: TEST_ADMIN_KEY },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
    try {
      // Until the stream is open, a trigger's events could come before it: trigger until one arrives.
      await waitFor('a run event on the followed stream', async () => {
        if (out.includes(`"task_id":${String(created.id)}`)) return true;
        tickwork(['tasks', 'trigger', String(created.id)]);
        return false;
      }, 45_000, 1_000);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited, err).toBe(0);
    const lines = out.trim().split('\n').map((l) => JSON.parse(l) as { type: string; subject: { id: number } });
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((e) => e.type.startsWith('run.'))).toBe(true);
  }, 120_000);

  it('refuses keys create on the locked data dir, saying how to create the key over the API instead', () => {
    const r = tickwork(['keys', 'create', '--name', 'ci'], { TICKWORK_DATA_DIR: db.dataDir ?? '', TICKWORK_LOG_LEVEL: 'silent' });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/in use by the running service \(process \d+\)/);
    expect(r.stderr).toContain('POST');
    expect(r.stderr).toContain('/v1/api-keys');
  });
});
