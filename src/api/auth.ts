import type { FastifyRequest } from 'fastify';
import type { Api } from './types.ts';
import type { Db } from '../store/db.ts';
import { authenticate, type Principal, type Scope } from '../store/keys.ts';
import { ProblemError } from '../domain/errors.ts';
import { hasScope } from '../domain/scopes.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** The scope a route needs; `public` routes need no key. Default: `read` for GET, `write` otherwise. */
    scope?: Scope | 'public';
    /**
     * The checks of a body's fields that the schema cannot express (a URL's target policy, a regexp's syntax),
     * throwing a ProblemError naming the fields. The handler runs them as usual; when the schema already failed,
     * the error handler runs them over the fields the schema accepted, so that one answer names every bad field.
     */
    fieldChecks?: (body: Record<string, unknown>) => unknown;
  }
}

function secretFrom(request: FastifyRequest): string | null {
  const auth = request.headers.authorization;
  if (typeof auth === 'string') {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    return m?.[1] ?? null;
  }
  const header = request.headers['x-api-key'];
  return typeof header === 'string' && header !== '' ? header : null;
}

/** Every /v1 route needs a live key with the route's scope, except routes marked `public`. */
export function registerAuth(app: Api, db: Db): void {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request) => {
    const scope = request.routeOptions.config.scope ?? (request.method === 'GET' || request.method === 'HEAD' ? 'read' : 'write');
    if (scope === 'public' || !request.url.startsWith('/v1/')) return;
    const secret = secretFrom(request);
    if (secret === null) throw new ProblemError('unauthorized', 'No API key: send "Authorization: Bearer <key>".');
    const principal = await authenticate(db, secret);
    if (principal === null) throw new ProblemError('unauthorized', 'The API key is not valid or has been revoked.');
    if (!hasScope(principal.scopes, scope)) throw new ProblemError('forbidden', `This route needs a key with the "${scope}" scope.`);
    request.principal = principal;
  });
}

/** The caller's tenant; routes behind auth always have one. */
export function tenantOf(request: FastifyRequest): string {
  if (request.principal === null) throw new ProblemError('unauthorized');
  return request.principal.tenantId;
}
