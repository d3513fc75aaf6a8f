import { createHash } from 'node:crypto';
import type { Api } from './types.ts';
import type { Db } from '../store/db.ts';
import { releaseIdempotencyKey, reserveIdempotencyKey, storeIdempotentResponse } from '../store/idempotency.ts';
import { ProblemError } from '../domain/errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    idempotency: { tenantId: string; key: string } | null;
  }
}

const REPLAYED_HEADERS = ['content-type', 'location'];

/**
 * `Idempotency-Key` on a POST: the same key from the same tenant within 24 h returns the first response instead of
 * acting twice; the same key with a different request is a 409.
 */
export function registerIdempotency(app: Api, db: Db): void {
  app.decorateRequest('idempotency', null);
  app.addHook('preHandler', async (request, reply) => {
    const key = request.headers['idempotency-key'];
    if (request.method !== 'POST' || typeof key !== 'string' || request.principal === null) return;
    if (key.length === 0 || key.length > 255) {
      throw new ProblemError('invalid_field', 'Idempotency-Key must be 1 to 255 characters.', [{ field: 'Idempotency-Key', message: 'must be 1 to 255 characters' }]);
    }
    const tenantId = request.principal.tenantId;
    const hash = createHash('sha256').update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`).digest('hex');
    const stored = await reserveIdempotencyKey(db, tenantId, key, hash);
    if (stored === null) {
      request.idempotency = { tenantId, key };
      return;
    }
    if (stored.request_hash !== hash) throw new ProblemError('idempotency_conflict');
    if (stored.status_code === 0) throw new ProblemError('in_progress');
    for (const [k, v] of Object.entries(stored.headers)) reply.header(k, v);
    reply.header('idempotent-replayed', 'true');
    return reply.code(stored.status_code).send(stored.body);
  });
  app.addHook('onSend', async (request, reply, payload) => {
    const idem = request.idempotency;
    if (idem === null) return payload;
    request.idempotency = null;
    if (reply.statusCode >= 500) {
      await releaseIdempotencyKey(db, idem.tenantId, idem.key);
      return payload;
    }
    const headers: Record<string, string> = {};
    for (const h of REPLAYED_HEADERS) {
      const v = reply.getHeader(h);
      if (v !== undefined) headers[h] = String(v);
    }
    const body = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : '';
    await storeIdempotentResponse(db, idem.tenantId, idem.key, { status_code: reply.statusCode, headers, body });
    return payload;
  });
}
