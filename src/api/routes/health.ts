import { Type } from 'typebox';
import { Histogram, type Registry } from 'prom-client';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { databaseProblem } from '../../store/db.ts';
import type { Api, ApiDeps } from '../types.ts';
import { named } from '../schemas.ts';

const HEALTH_TIMEOUT_MS = 2_000;

const Health = named('Health', Type.Object(
  { status: Type.Literal('ok'), database: Type.String({ description: 'postgres or pglite' }) },
  { description: 'The service answers and its database does', examples: [{ status: 'ok', database: 'postgres' }] },
));
/** Not a problem document: a load balancer reads the same shape in both answers. */
const HealthUnavailable = named('HealthUnavailable', Type.Object(
  { status: Type.Literal('unavailable'), database: Type.String(), error: Type.String({ description: 'Why the database check failed' }) },
  { description: 'The database did not answer within 2 s', examples: [{ status: 'unavailable', database: 'postgres', error: 'no answer within 2000 ms' }] },
));

const Probe = Type.Object({ status: Type.String(), database: Type.Optional(Type.String()), error: Type.Optional(Type.String()) });

const httpCache = new WeakMap<Registry, Histogram<'method' | 'route' | 'status'>>();

/** Request duration by route pattern (never the raw URL: ids would make a series each), method and status. */
function httpDuration(registry: Registry): Histogram<'method' | 'route' | 'status'> {
  let h = httpCache.get(registry);
  if (h === undefined) {
    h = new Histogram({
      name: 'tickwork_http_request_duration_seconds',
      help: 'HTTP requests served by the API, by method, route pattern (unmatched for no route) and status code.',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    });
    httpCache.set(registry, h);
  }
  return h;
}

/**
 * Operations endpoints, all public: `/v1/health` (documented), and for orchestrators and Prometheus `/livez` (the
 * process answers), `/readyz` (the database answers and the process is not stopping: take it out of the load
 * balancer otherwise) and `/metrics`. A worker serves the same three on TICKWORK_METRICS_PORT (cli/metrics-server.ts).
 */
export function healthRoutes(app: Api, { db, registry }: ApiDeps): void {
  let stopping = false;
  app.addHook('preClose', async () => {
    stopping = true;
  });
  // A request answered while the server closes ends its connection: a client's idle keep-alive connection would
  // otherwise hold the process for the keep-alive timeout (72 s) after its last request was answered.
  app.addHook('onSend', async (_request, reply) => {
    if (stopping) void reply.header('connection', 'close');
  });
  const duration = httpDuration(registry);
  app.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
    // An event stream's duration is how long its client stayed: not a request latency, so it is left out.
    if (request.routeOptions.url === '/v1/events/stream') return;
    const route = request.routeOptions.url ?? 'unmatched';
    duration.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });

  app.get('/v1/health', {
    config: { scope: 'public', rateLimit: false },
    schema: {
      tags: ['operations'], summary: 'Liveness and database check (no auth)', operationId: 'getHealth',
      response: { 200: Health, 503: HealthUnavailable },
    },
  }, async (_request, reply) => {
    const problem = await databaseProblem(db, HEALTH_TIMEOUT_MS);
    if (problem === null) return { status: 'ok' as const, database: db.kind };
    return reply.code(503).header('retry-after', '5').send({ status: 'unavailable' as const, database: db.kind, error: problem });
  });

  app.get('/livez', { config: { scope: 'public', rateLimit: false }, schema: { hide: true, response: { 200: Probe } } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { config: { scope: 'public', rateLimit: false }, schema: { hide: true, response: { 200: Probe, 503: Probe } } }, async (_request, reply) => {
    if (stopping) return reply.code(503).send({ status: 'stopping' });
    const problem = await databaseProblem(db, HEALTH_TIMEOUT_MS);
    if (problem === null) return { status: 'ok', database: db.kind };
    return reply.code(503).header('retry-after', '5').send({ status: 'unavailable', database: db.kind, error: problem });
  });

  app.get('/metrics', { config: { scope: 'public', rateLimit: false }, schema: { hide: true } }, async (_request, reply) => {
    return reply.type(registry.contentType).send(await registry.metrics());
  });
}
