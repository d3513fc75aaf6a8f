import { Type } from 'typebox';
import type { Api, ApiDeps } from '../types.ts';
import { tenantOf } from '../auth.ts';
import { IdParams, PageQuery, named, page, problems } from '../schemas.ts';
import { nextCursor, pageRequest } from '../pagination.ts';
import { ProblemError, invalidFields } from '../../domain/errors.ts';
import { parseScheduleTime } from '../../domain/schedule-input.ts';
import { KeyExpiryPassedError, createKey, listKeys, revokeKey, type ApiKeyRow } from '../../store/keys.ts';

const tags = ['api-keys'];
const Scope = named('Scope', Type.Union([Type.Literal('read'), Type.Literal('write'), Type.Literal('admin')], { description: 'admin ⊃ write ⊃ read' }));
const ApiKey = named('ApiKey', Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  tenant: Type.String({ description: 'The tenant whose objects the key sees' }),
  prefix: Type.String({ description: 'The first characters of the secret, to recognise it' }),
  scopes: Type.Array(Scope),
  created_at: Type.String(),
  expires_at: Type.Union([Type.String(), Type.Null()], { description: 'Past it the key is refused like a revoked one; null: never' }),
  last_used_at: Type.Union([Type.String(), Type.Null()], { description: 'When the key was last used, to within about a minute' }),
}, { description: 'An API key (never its secret)' }));
const ApiKeyWithSecret = named('ApiKeyWithSecret', Type.Object(
  { ...ApiKey.properties, key: Type.String({ description: 'The secret, shown only in this response' }) },
  { description: 'A new API key with its secret' },
));
const ApiKeyInput = named('ApiKeyInput', Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100, description: 'What the key is for' }),
    scopes: Type.Array(Scope, { minItems: 1, maxItems: 3, uniqueItems: true }),
    tenant: Type.Optional(Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,62}$', description: 'Default the caller\'s tenant; another tenant only for admin keys of tenant default' })),
    expires_at: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()], { description: 'ISO 8601 time in the future; the key is refused from then on' })),
  },
  { additionalProperties: false, description: 'An API key to create', examples: [{ name: 'ci', scopes: ['write'] }] },
));
const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());
const show = (k: ApiKeyRow) => ({
  id: k.id, name: k.name, tenant: k.tenant_id, prefix: k.key_prefix, scopes: k.scopes, created_at: k.created_at.toISOString(),
  expires_at: iso(k.expires_at), last_used_at: iso(k.last_used_at),
});

/** `expires_at` of a new key: an ISO time (UTC unless it carries an offset); whether it is future, the store decides. */
function expiryFrom(v: string | null | undefined): Date | null {
  if (v === undefined || v === null) return null;
  const r = parseScheduleTime(v, 'UTC');
  if (!r.ok) throw invalidFields([{ field: 'expires_at', message: r.message }]);
  return r.at;
}

/** The operator's tenant: only its admins may create keys for other tenants (which creates those tenants). */
const OPERATOR_TENANT = 'default';

export function keyRoutes(app: Api, { db, secrets }: ApiDeps): void {
  const config = { scope: 'admin' as const };
  app.post('/v1/api-keys', {
    config,
    schema: {
      tags, summary: 'Create an API key (the secret is shown only in this response)',
      body: ApiKeyInput,
      response: { 201: ApiKeyWithSecret, ...problems(400, 403) },
    },
  }, async (request, reply) => {
    const own = tenantOf(request);
    const tenant = request.body.tenant ?? own;
    if (tenant !== own && own !== OPERATOR_TENANT) {
      throw new ProblemError('forbidden', `Only admin keys of tenant "${OPERATOR_TENANT}" may create keys for another tenant.`);
    }
    const expiresAt = expiryFrom(request.body.expires_at);
    let key;
    try {
      key = await createKey(db, tenant, request.body.name, request.body.scopes, expiresAt);
    } catch (err) {
      if (err instanceof KeyExpiryPassedError) throw invalidFields([{ field: 'expires_at', message: 'must be in the future' }]);
      throw err;
    }
    return reply.code(201).header('location', `/v1/api-keys/${key.id}`).send({ ...show(key), key: key.key });
  });

  app.get('/v1/api-keys', {
    config,
    schema: { tags, summary: "List the tenant's live keys (never their secrets)", querystring: Type.Object(PageQuery, { additionalProperties: false }), response: { 200: page(ApiKey), ...problems(400, 403) } },
  }, async (request) => {
    const tenant = tenantOf(request);
    const req = pageRequest(secrets, 'api-keys', tenant, request.query, {});
    const keys = await listKeys(db, tenant, req.key ?? 0, req.limit);
    return { items: keys.map(show), next_cursor: nextCursor(secrets, 'api-keys', tenant, req, keys.at(-1)?.id, keys.length) };
  });

  app.delete('/v1/api-keys/:id', {
    config,
    schema: { tags, summary: 'Revoke a key (effective at once)', params: IdParams, response: { 204: Type.Null(), ...problems(400, 403, 404) } },
  }, async (request, reply) => {
    const id = Number(request.params.id);
    if (!(await revokeKey(db, tenantOf(request), id))) throw new ProblemError('not_found', `No API key ${request.params.id}.`);
    app.keyCache.forgetKey(id); // at once here; other API processes on the NOTIFY revokeKey sends

    return reply.code(204).send(null);
  });
}
