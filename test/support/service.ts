import pino from 'pino';
import { brokerNames } from '../../src/domain/broker-names.ts';
import { loadConfig } from '../../src/config.ts';
import { startService, type Roles, type Service } from '../../src/cli/service.ts';
import type { TestDatabase } from './backends.ts';

export { waitFor } from './wait.ts';

export const TEST_ADMIN_KEY = 'tw_test_admin_key_0123456789abcdef';
/** Every test service seals with this key (scaled-out roles refuse to start without one). */
export const TEST_SECRET_KEY = 'tw-test-secret-key-0123456789abcdefghijklmnop';
/**
 * Each test file (its own process) has its own names on the shared RabbitMQ and NATS, so files running at once never
 * take each other's commands or events (TICKWORK_BROKER_PREFIX, as two deployments sharing a broker would).
 */
export const TEST_BROKER_PREFIX = `tw-test-${process.pid}`;
export const TEST_BROKER = brokerNames(TEST_BROKER_PREFIX);

/** Environment for a service under test: fast leases and polls, loopback targets allowed, quiet logs. */
export function testEnv(db: TestDatabase, overrides: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {
    PORT: '0',
    HOST: '127.0.0.1',
    TICKWORK_ADMIN_KEY: TEST_ADMIN_KEY,
    TICKWORK_ALLOW_PRIVATE_TARGETS: 'true',
    TICKWORK_LOG_LEVEL: process.env.TICKWORK_TEST_LOG_LEVEL ?? 'silent',
    // Long enough that a loaded CI machine does not lose leases; tests of lost leases set a short one themselves.
    TICKWORK_LEASE_S: '10',
    TICKWORK_SWEEP_S: '0.5',
    TICKWORK_POLL_S: '1',
    TICKWORK_SHUTDOWN_GRACE_S: '2',
    TICKWORK_RATE_LIMIT: '1000000',
    TICKWORK_SECRET_KEY: TEST_SECRET_KEY,
    TICKWORK_BROKER_PREFIX: TEST_BROKER_PREFIX,
    // Off unless a test asks for it: many workers start at once on this host, and each needs its own port.
    TICKWORK_METRICS_PORT: '0',
    ...overrides,
  };
  if (db.url !== undefined) env.DATABASE_URL = db.url;
  if (db.dataDir !== undefined) env.TICKWORK_DATA_DIR = db.dataDir;
  return env;
}

export interface ApiInit {
  method?: string;
  body?: unknown;
  /** The API key; null sends none. Default: the admin key. */
  key?: string | null;
  /** Sent as application/x-www-form-urlencoded instead of JSON. */
  form?: Record<string, string | string[]>;
  headers?: Record<string, string>;
}

/** A response of the API; `T` is the body's shape (test/support/api-types.ts), e.g. `svc.api<RunJson>(...)`. */
export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

export interface RunningService extends Service {
  url: string;
  /**
   * fetch against the service with the admin key. A test names the body's shape (test/support/api-types.ts); without
   * one the body is `unknown`, so an untyped use that reads the body fails to compile.
   */
  api<T = unknown>(path: string, init?: ApiInit): Promise<ApiResponse<T>>;
}

/**
 * Starts tickwork in this process (API and engine by default) against a test database. `logTo` receives its log
 * (JSON lines) instead of stdout, e.g. to search it for secrets.
 */
export async function startTestService(
  db: TestDatabase,
  overrides: Record<string, string> = {},
  roles: Roles = { api: true, engine: true },
  logTo?: pino.DestinationStream,
): Promise<RunningService> {
  const config = loadConfig(testEnv(db, overrides));
  const log = logTo === undefined ? pino({ level: config.logLevel }) : pino({ level: config.logLevel }, logTo);
  const service = await startService(config, log, roles);
  const url = service.url ?? '';
  return {
    ...service,
    url,
    async api<T>(path: string, init: ApiInit = {}): Promise<ApiResponse<T>> {
      const headers: Record<string, string> = { ...init.headers };
      if (init.key !== null) headers.authorization = `Bearer ${init.key ?? TEST_ADMIN_KEY}`;
      let body: string | undefined;
      if (init.form !== undefined) {
        const params = new URLSearchParams();
        for (const [k, v] of Object.entries(init.form)) for (const one of [v].flat()) params.append(k, one);
        body = params.toString();
        headers['content-type'] = 'application/x-www-form-urlencoded';
      } else if (init.body !== undefined) {
        body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
        headers['content-type'] ??= 'application/json';
      }
      const res = await fetch(`${url}${path}`, {
        method: init.method ?? (body === undefined ? 'GET' : 'POST'),
        headers,
        body,
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        /* not JSON */
      }
      // The test names the shape it expects; the API's own response schemas are what make it true.
      return { status: res.status, headers: res.headers, body: parsed as T };
    },
  };
}

