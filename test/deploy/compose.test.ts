import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { describeSettings } from '../../src/config.ts';
import { ROOT_DIR } from '../support/paths.ts';
import { readDockerfile } from './dockerfile.ts';

/**
 * docker-compose.yml and the Dockerfile, read as data (no Docker engine runs here): the services a scaled-out
 * deployment needs, started in health order, with settings tickwork knows and a stop grace above its own.
 */

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test?: string[]; disable?: boolean };
  deploy?: { replicas?: number };
  stop_grace_period?: string;
  ports?: string[];
  volumes?: string[];
}

const compose = parse(readFileSync(`${ROOT_DIR}docker-compose.yml`, 'utf8'), { merge: true }) as { services: Record<string, Service>; volumes?: Record<string, unknown> };
const services = compose.services;
const knownSettings = new Set([...describeSettings().matchAll(/^\s+([A-Z_]+)\s/gm)].map((m) => m[1]));
const seconds = (d: string | undefined): number => {
  const m = /^(\d+)s$/.exec(d ?? '');
  if (m === null) throw new Error(`not a duration in seconds: ${d}`);
  return Number(m[1]);
};

describe('docker-compose.yml', () => {
  it('runs PostgreSQL, RabbitMQ, one api and two workers, each dependency health-gated', () => {
    expect(Object.keys(services).sort()).toEqual(['api', 'postgres', 'rabbitmq', 'worker']);
    for (const infra of ['postgres', 'rabbitmq'] as const) expect(services[infra]?.healthcheck?.test?.length).toBeGreaterThan(0);
    expect(services.api?.command).toEqual(['api']);
    expect(services.worker?.command).toEqual(['worker']);
    expect(services.worker?.deploy?.replicas).toBe(2);
    expect(services.api?.depends_on).toEqual({ postgres: { condition: 'service_healthy' }, rabbitmq: { condition: 'service_healthy' } });
    // The api has the image's HEALTHCHECK (GET /livez on PORT, or on a worker's TICKWORK_METRICS_PORT); workers start once it is healthy (migrations applied).
    expect(services.worker?.depends_on?.api?.condition).toBe('service_healthy');
    // A worker is probed too: the image's HEALTHCHECK falls back to its metrics port's /livez.
    expect(services.worker?.healthcheck?.disable).not.toBe(true);
  });

  it('gives every tickwork process the database, the broker and one secret key, with only settings tickwork knows', () => {
    const pg = services.postgres?.environment ?? {};
    for (const name of ['api', 'worker'] as const) {
      const env = services[name]?.environment ?? {};
      const url = new URL(env.DATABASE_URL ?? '');
      expect(url.hostname).toBe('postgres');
      expect([url.username, url.password, url.pathname.slice(1)]).toEqual([pg.POSTGRES_USER, pg.POSTGRES_PASSWORD, pg.POSTGRES_DB]);
      expect(new URL(env.TICKWORK_AMQP_URL ?? '').hostname).toBe('rabbitmq');
      expect(env.TICKWORK_SECRET_KEY).toMatch(/^\$\{TICKWORK_SECRET_KEY:\?/); // required from the operator, never baked in
      for (const key of Object.keys(env)) expect(knownSettings.has(key), `${name}: ${key} is not a tickwork setting`).toBe(true);
    }
    expect(services.api?.environment?.TICKWORK_ADMIN_KEY).toMatch(/^\$\{TICKWORK_ADMIN_KEY:\?/);
  });

  it('lets a stopping process finish its calls: stop_grace_period above TICKWORK_SHUTDOWN_GRACE_S', () => {
    for (const name of ['api', 'worker'] as const) {
      const grace = Number(services[name]?.environment?.TICKWORK_SHUTDOWN_GRACE_S ?? '20');
      expect(seconds(services[name]?.stop_grace_period)).toBeGreaterThan(grace);
    }
  });

  it('keeps the databases on named volumes and publishes the port the image exposes', () => {
    expect(Object.keys(compose.volumes ?? {}).sort()).toEqual(['pgdata', 'rabbitmq']);
    expect(services.postgres?.volumes).toEqual(['pgdata:/var/lib/postgresql/data']);
    const exposed = readDockerfile().at(-1)?.instructions.find((i) => i.op === 'EXPOSE')?.args;
    expect(services.api?.ports).toEqual([`${exposed}:${exposed}`]);
  });
});

describe('Dockerfile', () => {
  it('builds in one stage and runs as a non-root user with only production dependencies and a health check', () => {
    const stages = readDockerfile();
    expect(stages).toHaveLength(2);
    const final = stages[1];
    const ops = (op: string) => final?.instructions.filter((i) => i.op === op).map((i) => i.args) ?? [];
    expect(ops('USER')).toEqual(['node']);
    expect(ops('HEALTHCHECK').join(' ')).toContain('/livez');
    expect(final?.runs.some((r) => r.includes('npm ci --omit=dev'))).toBe(true);
    expect(final?.copies.some((c) => c.sources.includes('src') || c.sources.includes('test'))).toBe(false);
    expect(ops('ENTRYPOINT')).toEqual(['["node", "bin/tickwork.js"]']);
  });
});
