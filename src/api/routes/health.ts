import { Type } from 'typebox';
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

export function healthRoutes(app: Api, { db, registry }: ApiDeps): void {
  app.get('/v1/health', {
    config: { scope: 'public', rateLimit: false },
    schema: {
      tags: ['operations'], summary: 'Liveness and database check (no auth)', operationId: 'getHealth',
      response: { 200: Health, 503: HealthUnavailable },
    },
  }, async (_request, reply) => {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        db.query('SELECT 1', [], 'health'),
        new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${HEALTH_TIMEOUT_MS} ms`)), HEALTH_TIMEOUT_MS))),
      ]);
      return { status: 'ok' as const, database: db.kind };
    } catch (err) {
      return reply.code(503).header('retry-after', '5').send({ status: 'unavailable' as const, database: db.kind, error: err instanceof Error ? err.message : 'unknown' });
    } finally {
      clearTimeout(timer);
    }
  });

  app.get('/metrics', { config: { scope: 'public', rateLimit: false }, schema: { hide: true } }, async (_request, reply) => {
    return reply.type(registry.contentType).send(await registry.metrics());
  });
}
