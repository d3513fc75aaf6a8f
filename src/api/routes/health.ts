import { Type } from 'typebox';
import type { Api, ApiDeps } from '../types.ts';

const HEALTH_TIMEOUT_MS = 2_000;

export function healthRoutes(app: Api, { db, registry }: ApiDeps): void {
  app.get('/v1/health', {
    config: { scope: 'public', rateLimit: false },
    schema: {
      tags: ['operations'], summary: 'Liveness and database check (no auth)',
      response: {
        200: Type.Object({ status: Type.Literal('ok'), database: Type.String() }),
        503: Type.Object({ status: Type.Literal('unavailable'), database: Type.String(), error: Type.String() }),
      },
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
