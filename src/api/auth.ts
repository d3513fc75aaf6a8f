import type { FastifyRequest } from 'fastify';
import type { Api, ApiDeps } from './types.ts';
import { AuthFailureLimiter, RecentlySeen, clientAddressGroup } from './auth-limits.ts';
import { KeyCache } from './key-cache.ts';
import { authenticate, hashKey, KEYS_REVOKED_CHANNEL, recordKeyUse, type Principal, type Scope } from '../store/keys.ts';
import { ProblemError } from '../domain/errors.ts';
import { keyActor, type Actor } from '../domain/event.ts';
import { hasScope } from '../domain/scopes.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyInstance {
    /** Keys this process authenticated recently (auth.ts); a route that revokes a key forgets it here at once. */
    keyCache: KeyCache;
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

/** Failed authentications are counted per address over this window (ms): `authFailureLimit` is "a minute". */
const FAILURE_WINDOW_MS = 60_000;
/** last_used_at is written at most once per this many ms per key and process. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** The key, however the header is spelt (`Bearer`, `bearer`, spaces or a tab, or X-API-Key). */
export function secretFrom(request: FastifyRequest): string | null {
  const auth = request.headers.authorization;
  if (typeof auth === 'string') {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    return m?.[1] ?? null;
  }
  const header = request.headers['x-api-key'];
  return typeof header === 'string' && header !== '' ? header : null;
}

/** The scope the matched route needs: its declaration, else `read` for GET and HEAD and `write` for the rest. */
function routeScope(request: FastifyRequest): Scope | 'public' {
  return request.routeOptions.config.scope ?? (request.method === 'GET' || request.method === 'HEAD' ? 'read' : 'write');
}

/**
 * Authentication is decided on the route Fastify matched, never on the URL text (which has many spellings of one
 * route: `/%761/...`, absolute-form `http://x/v1/...`, a trailing slash): every route needs a live key with its scope
 * unless it is declared `scope: 'public'`, so a route added without a decision is private.
 *
 * A request no route matched is left to the not-found handler (404, or 405 naming the methods): it touches no data,
 * and the key is not even looked at, so a guessed key learns nothing there and costs no lookup. Answering 401 instead
 * would hide nothing: the list of routes is public in /openapi.json.
 *
 * Failed authentications (no key, an unknown, revoked or expired key) are counted per client address; past
 * `authFailureLimit` a minute, a request from that address is answered 429 before any database lookup, unless it
 * carries a key this process saw valid within the window (a colleague behind the same NAT keeps working). Per-key
 * request rates are limited after this hook, by the key's id (server.ts).
 */
export async function registerAuth(app: Api, { db, log, config }: Pick<ApiDeps, 'db' | 'log' | 'config'>): Promise<void> {
  const failures = new AuthFailureLimiter(config.authFailureLimit, FAILURE_WINDOW_MS);
  const keys = new KeyCache();
  app.decorate('keyCache', keys);
  // A key revoked through any API process is forgotten here when its NOTIFY arrives; the cache's TTL bounds the rest.
  const unlisten = await db.listen(KEYS_REVOKED_CHANNEL, (payload) => keys.forgetKey(Number(payload)));
  app.addHook('onClose', async () => unlisten());
  const recentlyValid = new RecentlySeen<string>(FAILURE_WINDOW_MS);
  const useRecorded = new RecentlySeen<number>(LAST_USED_RESOLUTION_MS);
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request) => {
    if (request.is404) return;
    const scope = routeScope(request);
    if (scope === 'public') return;
    const address = clientAddressGroup(request.ip);
    const secret = secretFrom(request);
    const hash = secret === null ? null : hashKey(secret);
    const wait = failures.retryAfterSeconds(address);
    if (wait > 0 && (hash === null || !recentlyValid.has(hash))) {
      throw new ProblemError('rate_limited', `Too many failed authentications from this address; retry in ${wait} s.`, [], { 'retry-after': String(wait) });
    }
    if (secret === null || hash === null) {
      failures.recordFailure(address);
      throw new ProblemError('unauthorized', 'No API key: send "Authorization: Bearer <key>".');
    }
    let principal = keys.get(hash);
    if (principal === null) {
      principal = await authenticate(db, secret);
      if (principal !== null) keys.put(hash, principal);
    }
    if (principal === null) {
      failures.recordFailure(address);
      throw new ProblemError('unauthorized', 'The API key is not valid, has expired or has been revoked.');
    }
    recentlyValid.mark(hash);
    if (!hasScope(principal.scopes, scope)) throw new ProblemError('forbidden', `This route needs a key with the "${scope}" scope.`);
    request.principal = principal;
    if (!useRecorded.has(principal.keyId)) {
      useRecorded.mark(principal.keyId);
      // last_used_at is informative: a failed write must not fail the request.
      await recordKeyUse(db, principal.keyId).catch((err: unknown) => log.warn({ err, keyId: principal.keyId }, 'could not record last_used_at'));
    }
  });
}

/** The caller's tenant; routes behind auth always have one. */
export function tenantOf(request: FastifyRequest): string {
  if (request.principal === null) throw new ProblemError('unauthorized');
  return request.principal.tenantId;
}

/** Who makes the change a request asks for: its API key (id and name), as every event of the change records. */
export function actorOf(request: FastifyRequest): Actor {
  if (request.principal === null) throw new ProblemError('unauthorized');
  return keyActor({ id: request.principal.keyId, name: request.principal.keyName });
}
