import type { FastifyRequest } from 'fastify';
import type { Api } from './types.ts';
import type { Db } from '../store/db.ts';
import type { SecretBox } from '../store/secrets.ts';
import { idempotencyRequestHash, releaseIdempotencyKey, replayOf, reserveIdempotencyKey, storeIdempotentResponse } from '../store/idempotency.ts';
import { secretFrom } from './auth.ts';
import { ProblemError } from '../domain/errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    idempotency: { tenantId: string; apiKeyId: number; key: string } | null;
  }
}

const REPLAYED_HEADERS = ['content-type', 'location'];

/**
 * What makes two requests "the same": method, the route Fastify matched (not the URL text, which has many spellings
 * of one route), its path parameters, the query and the body as parsed.
 */
function requestHash(request: FastifyRequest, apiKeySecret: string): string {
  const what = [request.method, request.routeOptions.url ?? '', request.params ?? {}, request.query ?? {}, request.body ?? null];
  return idempotencyRequestHash(apiKeySecret, what);
}

/**
 * `Idempotency-Key` on a POST: the same key from the same API key within 24 h returns the first response instead of
 * acting twice; the same key with a different request is a 409. Records belong to the API key, not the tenant (a
 * colleague's key with the same Idempotency-Key acts afresh and never sees this key's responses), and the stored
 * body is sealed: first responses carry secrets (a new API key, a webhook secret, a ping token).
 */
export function registerIdempotency(app: Api, db: Db, secrets: SecretBox): void {
  app.decorateRequest('idempotency', null);
  app.addHook('preHandler', async (request, reply) => {
    const key = request.headers['idempotency-key'];
    if (request.method !== 'POST' || typeof key !== 'string' || request.principal === null) return;
    if (key.length === 0 || key.length > 255) {
      throw new ProblemError('invalid_field', 'Idempotency-Key must be 1 to 255 characters.', [{ field: 'Idempotency-Key', message: 'must be 1 to 255 characters' }]);
    }
    const { tenantId, keyId: apiKeyId } = request.principal;
    const hash = requestHash(request, secretFrom(request) ?? '');
    const stored = await reserveIdempotencyKey(db, tenantId, apiKeyId, key, hash);
    if (stored === null) {
      request.idempotency = { tenantId, apiKeyId, key };
      return;
    }
    const replay = replayOf(stored, hash, secrets);
    for (const [k, v] of Object.entries(replay.headers)) reply.header(k, v);
    reply.header('idempotent-replayed', 'true');
    return reply.code(replay.status).send(replay.body);
  });
  app.addHook('onSend', async (request, reply, payload) => {
    const idem = request.idempotency;
    if (idem === null) return payload;
    request.idempotency = null;
    if (reply.statusCode >= 500) {
      await releaseIdempotencyKey(db, idem.tenantId, idem.apiKeyId, idem.key);
      return payload;
    }
    const headers: Record<string, string> = {};
    for (const h of REPLAYED_HEADERS) {
      const v = reply.getHeader(h);
      if (v !== undefined) headers[h] = String(v);
    }
    const body = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : '';
    // Every body sealed, not only those known to carry a secret: a route added later cannot leak one into the table.
    await storeIdempotentResponse(db, idem.tenantId, idem.apiKeyId, idem.key, { status_code: reply.statusCode, headers, sealedBody: secrets.seal(body) });
    return payload;
  });
}
