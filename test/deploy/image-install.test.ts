import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresBackend, TEST_DATABASE_URL, type TestDatabase } from '../support/backends.ts';
import { ROOT_DIR, TMP_DIR } from '../support/paths.ts';
import { TEST_ADMIN_KEY, TEST_SECRET_KEY, waitFor } from '../support/service.ts';
import { startTarget, type Target } from '../support/target.ts';
import { readDockerfile, type Stage } from './dockerfile.ts';

/**
 * The image's install steps without Docker (no Docker engine runs on these machines): the build stage and the final
 * stage of the Dockerfile are followed instruction by instruction — only the files its COPY lines name, production
 * dependencies only (`npm ci --omit=dev`) — and `api` and `worker` are started from the result on PostgreSQL. So the
 * image cannot silently miss a file, need a dev dependency, or write into the application directory at run time.
 */

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a !== null ? resolve(a.port) : reject(new Error('no port'))));
    });
  });

/** Copies the COPY lines of `stage` into `dir` (from the context, or from an earlier stage's directory). */
function applyCopies(stage: Stage, dir: string, stageDirs: Map<string, string>): void {
  for (const c of stage.copies) {
    const base = c.from === null ? ROOT_DIR : stageDirs.get(c.from);
    if (base === undefined) throw new Error(`COPY --from=${c.from}: no such stage`);
    for (const source of c.sources) {
      const from = join(base, c.from === null ? source : source.replace(/^\/app\/?/, ''));
      const dest = c.dest.endsWith('/') || c.sources.length > 1 ? join(dir, c.dest, source.split('/').pop() ?? '') : join(dir, c.dest);
      mkdirSync(dirname(dest), { recursive: true });
      cpSync(from, dest, { recursive: true, preserveTimestamps: true });
    }
  }
}

/** Every file under `dir` but node_modules, with its size and modification time. */
function listing(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const rel = join(prefix, e.name);
    if (rel === 'node_modules') continue;
    if (e.isDirectory()) out.push(...listing(dir, rel));
    else {
      const st = statSync(join(dir, rel));
      out.push(`${rel} ${st.size} ${st.mtimeMs}`);
    }
  }
  return out.sort();
}

function run(cmd: string, args: string[], cwd: string): void {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' } });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(-2000)}`);
}

describe.skipIf(TEST_DATABASE_URL === undefined)(
  `the Docker image's install steps, without Docker${TEST_DATABASE_URL === undefined ? ' (skipped: TEST_DATABASE_URL is not set)' : ''}`,
  () => {
    let work = '';
    let app = '';
    let db: TestDatabase;
    let target: Target;
    const children: ChildProcess[] = [];

    beforeAll(async () => {
      mkdirSync(TMP_DIR, { recursive: true });
      work = mkdtempSync(`${TMP_DIR}image-`);
      const stages = readDockerfile();
      const [build, final] = [stages[0], stages.at(-1)];
      if (build === undefined || final === undefined || stages.length !== 2) throw new Error('expected a build stage and a final stage');
      // The build stage: its COPY lines, its dependencies (the project's own install stands in for its full
      // `npm ci`), then its build command.
      const buildDir = join(work, 'build-stage');
      mkdirSync(buildDir);
      applyCopies(build, buildDir, new Map());
      symlinkSync(join(ROOT_DIR, 'node_modules'), join(buildDir, 'node_modules'));
      expect(build.runs).toContain('npm run build');
      run('npm', ['run', 'build'], buildDir);
      // The final stage: its COPY lines only, then exactly its install command.
      app = join(work, 'app');
      mkdirSync(app);
      applyCopies(final, app, new Map([[build.name ?? '', buildDir]]));
      const install = final.runs.find((r) => r.startsWith('npm ci'));
      expect(install).toMatch(/--omit=dev/);
      run('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline'], app);
      db = await postgresBackend.create();
      target = await startTarget();
    }, 240_000);

    afterAll(async () => {
      for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
      await target?.close();
      await db?.drop();
      if (work !== '') rmSync(work, { recursive: true, force: true });
    });

    it('runs api and worker from the installed files alone, serves the dashboard, and writes nothing into the app directory', async () => {
      expect(existsSync(join(app, 'src', 'cli'))).toBe(false); // no TypeScript sources: only the bundle runs
      expect(existsSync(join(app, 'node_modules', 'vitest'))).toBe(false); // no dev dependencies
      const before = listing(app);
      const port = await freePort();
      const env = {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        DATABASE_URL: db.url ?? '',
        TICKWORK_SECRET_KEY: TEST_SECRET_KEY,
        TICKWORK_ADMIN_KEY: TEST_ADMIN_KEY,
        TICKWORK_ALLOW_PRIVATE_TARGETS: 'true',
        TICKWORK_POLL_S: '1',
        TICKWORK_SHUTDOWN_GRACE_S: '2',
        TICKWORK_LOG_LEVEL: 'warn',
      };
      const start = (role: string, p: number): ChildProcess => {
        const child = spawn(process.execPath, ['bin/tickwork.js', role], { cwd: app, env: { ...env, PORT: String(p), TICKWORK_METRICS_PORT: String(p) }, stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
        child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
        child.on('exit', (code) => {
          if (code !== 0) console.log(`${role} exited ${code}: ${out.slice(-2000)}`);
        });
        children.push(child);
        return child;
      };
      const api = start('api', port);
      const url = `http://127.0.0.1:${port}`;
      await waitFor('the api to answer', async () => (await fetch(`${url}/v1/health`)).ok, 60_000);
      const workerPort = await freePort();
      const worker = start('worker', workerPort);
      const auth = { authorization: `Bearer ${TEST_ADMIN_KEY}`, 'content-type': 'application/json' };
      const created = await fetch(`${url}/v1/tasks`, { method: 'POST', headers: auth, body: JSON.stringify({ schedule_time: new Date().toISOString(), http: { url: `${target.url}/from-image` } }) });
      expect(created.status).toBe(201);
      await waitFor('the worker to call the target', async () => target.hits('/from-image').length > 0, 60_000);
      // The probe the image's HEALTHCHECK uses for a worker: its metrics port.
      expect((await fetch(`http://127.0.0.1:${workerPort}/readyz`)).status).toBe(200);
      expect((await fetch(`${url}/`)).status).toBe(200);
      expect((await fetch(`${url}/dashboard/app.js`)).status).toBe(200);
      expect((await fetch(`${url}/openapi.json`)).status).toBe(200);
      const exits = [api, worker].map((c) => new Promise<number | null>((r) => c.on('exit', (code) => r(code))));
      api.kill('SIGTERM');
      worker.kill('SIGTERM');
      expect(await Promise.all(exits)).toEqual([0, 0]);
      expect(listing(app)).toEqual(before);
    });
  },
);
