import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Api, ApiDeps } from '../types.ts';
import { named, problems } from '../schemas.ts';
import { ProblemError } from '../../domain/errors.ts';
import { hashPingToken, pingHeartbeat } from '../../store/heartbeats.ts';

/** What a pinging job may send along: read and thrown away, up to this many bytes (a cron job's output, say). */
const PING_BODY_LIMIT = 64 * 1024;

const Params = Type.Object(
  { token: Type.String({ pattern: '^hb_[A-Za-z0-9_-]{20,64}$', description: 'The ping token from ping_url' }) },
  { additionalProperties: false },
);
const Pinged = named('Pinged', Type.Object(
  { ok: Type.Literal(true), monitor_id: Type.Integer(), status: Type.Literal('up') },
  { description: 'The heartbeat monitor is up', examples: [{ ok: true, monitor_id: 3, status: 'up' }] },
));

/**
 * `GET|POST /v1/ping/{token}`: a heartbeat monitor's job reports in. No API key — the token is the secret — and any
 * body of any type is accepted and ignored, so `curl -fsS -m 10 --retry 3 <ping_url>` and a POST of a job's output
 * both work. The routes live in their own plugin so that their body parser applies to them alone.
 */
export async function pingRoutes(app: Api, { db }: ApiDeps): Promise<void> {
  await app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<TypeBoxTypeProvider>();
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: PING_BODY_LIMIT }, (_request, _body, done) => done(null, undefined));
    // One route per method, so that each is its own operation in the document.
    for (const [method, operationId] of [['GET', 'pingHeartbeat'], ['POST', 'pingHeartbeatWithBody']] as const) {
      scope.route({
        method,
        url: '/v1/ping/:token',
        config: { scope: 'public' },
        schema: {
          tags: ['monitors'], operationId,
          summary: method === 'GET' ? 'Report in for a heartbeat monitor (no API key: the token is the secret)' : 'Report in for a heartbeat monitor, with any body (read and ignored)',
          params: Params, response: { 200: Pinged, ...problems(400, 404, 413) }, security: [],
        },
        handler: async (request) => {
          const pinged = await pingHeartbeat(db, hashPingToken(request.params.token));
          if (pinged === null) throw new ProblemError('not_found', 'No active heartbeat monitor has this ping token.');
          return { ok: true as const, monitor_id: pinged.monitorId, status: 'up' as const };
        },
      });
    }
  });
}
