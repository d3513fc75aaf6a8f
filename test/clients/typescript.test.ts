import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { clientTypes } from '../../scripts/api-reference.ts';
import { OpenApiValidator, recordingFetch, type Exchange } from '../api/openapi-validator.ts';
import { forEachBackend, type TestDatabase } from '../support/backends.ts';
import { ROOT_DIR, TMP_DIR } from '../support/paths.ts';
import { startTestService, TEST_ADMIN_KEY, type RunningService } from '../support/service.ts';
import { startTarget, type Target } from '../support/target.ts';
import { runSession } from './session.ts';

/**
 * The typed client as proof of the OpenAPI document: openapi-typescript generates the types from the served
 * /openapi.json (they must be the ones committed in clients/typescript), a session written with openapi-fetch
 * (session.ts) compiles on its own under `tsc --strict`, and runs against the service — through the validating
 * proxy's checks, with 0 violations.
 */

forEachBackend('the typed TypeScript client', (backend) => {
  let db: TestDatabase;
  let svc: RunningService;
  let target: Target;
  let doc: Record<string, unknown>;

  beforeAll(async () => {
    db = await backend.create();
    svc = await startTestService(db);
    target = await startTarget();
    target.on('/fail', (_req, res) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('broken');
    });
    doc = (await (await fetch(`${svc.url}/openapi.json`)).json()) as Record<string, unknown>;
  });
  afterAll(async () => {
    await svc?.close();
    await target?.close();
    await db?.drop();
  });

  it('has the types openapi-typescript generates from the served document (npm run docs rewrites them)', async () => {
    expect(readFileSync(`${ROOT_DIR}clients/typescript/src/schema.d.ts`, 'utf8')).toBe(await clientTypes(doc));
  });

  it('compiles a session written with openapi-fetch under tsc --strict', { timeout: 120_000 }, async () => {
    mkdirSync(TMP_DIR, { recursive: true });
    const config = `${TMP_DIR}tsconfig.client-${process.pid}.json`;
    writeFileSync(config, JSON.stringify({
      compilerOptions: {
        strict: true, noUncheckedIndexedAccess: true, exactOptionalPropertyTypes: true, noEmit: true, skipLibCheck: true,
        target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2023', 'DOM'], types: [], allowImportingTsExtensions: true,
      },
      files: [`${ROOT_DIR}clients/typescript/src/index.ts`, `${ROOT_DIR}test/clients/session.ts`],
    }));
    const result = await promisify(execFile)(`${ROOT_DIR}node_modules/.bin/tsc`, ['-p', config], { cwd: ROOT_DIR }).then(
      () => ({ code: 0, out: '' }),
      (err: { code?: number; stdout?: string }) => ({ code: err.code ?? 1, out: err.stdout ?? '' }),
    );
    expect(result.out).toBe('');
    expect(result.code).toBe(0);
  });

  it('runs the session against the service, every answer as the document declares it', { timeout: 120_000 }, async () => {
    const exchanges: Exchange[] = [];
    const report = await runSession({ baseUrl: svc.url, key: TEST_ADMIN_KEY, targetUrl: target.url, fetch: recordingFetch((x) => exchanges.push(x)) });
    expect(report.schedules).toEqual(['once', 'interval', 'cron', 'interval']);
    expect(new Set(report.pagedTaskIds).size).toBe(report.pagedTaskIds.length);
    expect(report.pagedTaskIds.length).toBeGreaterThanOrEqual(4);
    expect(report.failedRun.status).toBe('failed');
    expect(report.retriedRunId).toBeGreaterThan(report.failedRun.id);
    expect(report.monitorChecks).toBeGreaterThan(0);
    expect(report.eventTypes).toContain('task.created');
    expect(report.webhookDeliveries).toBeGreaterThan(0);
    expect(report.keyNames).toContain('session');
    expect(report.notFound).toMatchObject({ status: 404, code: 'not_found' });
    const validator = new OpenApiValidator(doc);
    for (const x of exchanges) validator.check(x);
    expect(validator.violations).toEqual([]);
    expect(exchanges.length).toBeGreaterThan(30);
  });
});
