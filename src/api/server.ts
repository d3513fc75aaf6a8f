import Fastify, { LogController, type FastifyRequest } from 'fastify';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { TSchema } from 'typebox';
import { ProblemError } from '../domain/errors.ts';
import { compileSchema } from '../domain/validate.ts';
import { registerAuth } from './auth.ts';
import { convertFormBody } from './forms.ts';
import { registerIdempotency } from './idempotency.ts';
import { answerClientError, answerFrameworkError, errorHandler, sendProblem } from './problems.ts';
import { checkQueryAndParams, checkReadHeaders, unsafeBodyProblem } from './inbound.ts';
import { registerDashboard } from './dashboard.ts';
import { eventRoutes } from './routes/events.ts';
import { streamRoutes } from './routes/stream.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import { signingSecretRoutes } from './routes/signing-secret.ts';
import { healthRoutes } from './routes/health.ts';
import { keyRoutes } from './routes/keys.ts';
import { monitorRoutes } from './routes/monitors.ts';
import { pingRoutes } from './routes/ping.ts';
import { runRoutes } from './routes/runs.ts';
import { scheduleRoutes } from './routes/schedules.ts';
import { taskRoutes } from './routes/tasks.ts';
import type { Api, ApiDeps } from './types.ts';
import { API_TAGS, PACKAGE_VERSION, documentRoute, finishDocument } from './openapi.ts';

/** Builds the HTTP API (not yet listening). Every route declares its schemas; they validate and document it. */
export async function buildApi(deps: ApiDeps): Promise<Api> {
  const { config, db, log } = deps;
  const app: Api = Fastify({
    loggerInstance: log,
    // One log line per request would dominate the log at scheduler rates; errors are logged by the error handler.
    logController: new LogController({ disableRequestLogging: true }),
    // What fails before routing (bytes the HTTP parser refuses, a path that is not UTF-8) is a problem document too.
    clientErrorHandler: answerClientError,
    frameworkErrors: answerFrameworkError,
    bodyLimit: config.bodyLimit,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    requestTimeout: 30_000,
    // request.ip (counted by the auth-failure limit) comes from X-Forwarded-For only behind a trusted load balancer:
    // trusted otherwise, any client could name a new address at every attempt.
    trustProxy: config.trustProxy,
  }).withTypeProvider<TypeBoxTypeProvider>();
  // Route schemas are compiled by the one validator every door uses (domain/validate.ts: every error, no stripping,
  // no coercion), so HTTP and AMQP commands cannot drift apart.
  app.setValidatorCompiler(({ schema }) => compileSchema(schema));

  app.setErrorHandler(errorHandler(log));
  registerMethodNotAllowed(app);
  // Hooks and decorations first, so every plugin's routes (docs included) see them.
  await registerAuth(app, deps);
  registerIdempotency(app, db, deps.secrets);

  // JSON: an empty body is "no body" (POST /pause with Content-Type: application/json); prototype keys are refused.
  // secure-json-parse scans for them breadth-first and V8's JSON.parse is iterative, so a document nested 10,000
  // deep parses without overflowing the stack; the check after it refuses it (deeper than 64) before anything
  // recursive (Ajv, JSON.stringify) sees it, and refuses NUL, lone surrogates and 1e400, naming each field.
  const json = app.getDefaultJsonParser('error', 'error');
  // Only JSON and forms are accepted: anything else (text/plain included) is a 415.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '' || (typeof body === 'string' && body.trim() === '')) return done(null, undefined);
    json(request, body as string, (err, parsed) => {
      if (err !== null) return done(err, undefined);
      const problem = unsafeBodyProblem(parsed);
      return problem === null ? done(null, parsed) : done(problem, undefined);
    });
  });
  await app.register(formbody, { bodyLimit: config.bodyLimit });
  app.addHook('preValidation', async (request: FastifyRequest) => {
    checkQueryAndParams(request);
    checkReadHeaders(request);
    if (!isForm(request) || request.body === undefined || request.body === null) return;
    const body = convertFormBody(request.body as Record<string, string | string[]>, request.routeOptions.schema?.body as TSchema | undefined);
    const problem = unsafeBodyProblem(body);
    if (problem !== null) throw problem;
    request.body = body;
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'tickwork',
        version: PACKAGE_VERSION,
        description:
          'Scheduled HTTP calls, London Underground line checks, URL and heartbeat monitors, deadlines and events. ' +
          'Errors are RFC 9457 problem documents (application/problem+json). Send an API key as `Authorization: Bearer <key>` or `X-API-Key: <key>`.',
        license: { name: 'MIT', identifier: 'MIT' },
      },
      servers: [{ url: '/', description: 'The service that serves this document' }],
      tags: API_TAGS,
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'An API key as a bearer token' },
          apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'The same API key in its own header' },
        },
      },
      security: [{ bearer: [] }, { apiKey: [] }],
    },
    // The routes' schemas validate and serialise; these finish the document from them (openapi.ts).
    transform: documentRoute as never,
    transformObject: finishDocument as never,
  });
  await app.register(async (docs) => {
    // The interactive docs are public like /openapi.json; the plugin cannot declare it on its routes, so they are
    // marked as they are added (auth.ts: a route not declared public needs a key).
    docs.addHook('onRoute', (route) => {
      route.config = { ...route.config, scope: 'public' };
    });
    await docs.register(swaggerUi, { routePrefix: '/docs', uiConfig: { persistAuthorization: true } });
  });
  app.get('/openapi.json', { config: { scope: 'public' }, schema: { hide: true } }, async () => app.swagger());

  await app.register(rateLimit, {
    max: config.rateLimitPerMinute,
    timeWindow: 60_000,
    // The plugin adds its hook to each route, and a route's own onRequest hooks run after the instance's: the auth
    // hook (auth.ts) has set request.principal by then, and a key over its limit is refused before its body is read.
    hook: 'onRequest',
    // Room for the keys and addresses active in one window; past it the least recently used bucket is dropped.
    cache: 100_000,
    // By the authenticated key's id, so however the header is spelt the key has one bucket; public routes (no key)
    // by client address. Failed authentications never get here: auth.ts limits those per address.
    keyGenerator: (request) => (request.principal !== null ? `key:${request.principal.keyId}` : `ip:${request.ip}`),
    errorResponseBuilder: (_request, context) =>
      new ProblemError('rate_limited', `Rate limit of ${context.max} requests per minute reached; retry in ${context.after}.`, [], {
        'retry-after': String(Math.max(1, Math.ceil(context.ttl / 1000))),
      }),
  });

  healthRoutes(app, deps);
  taskRoutes(app, deps);
  runRoutes(app, deps);
  eventRoutes(app, deps);
  streamRoutes(app, deps);
  webhookRoutes(app, deps);
  signingSecretRoutes(app, deps);
  scheduleRoutes(app, deps);
  keyRoutes(app, deps);
  monitorRoutes(app, deps);
  await pingRoutes(app, deps);
  registerDashboard(app);
  await app.ready();
  return app;
}

function isForm(request: FastifyRequest): boolean {
  return (request.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
}

/** A known path with another method is a 405 with `Allow` (Fastify alone answers 404); all as problem documents. */
function registerMethodNotAllowed(app: Api): void {
  const routes: { pattern: RegExp; method: string }[] = [];
  app.addHook('onRoute', (route) => {
    const pattern = new RegExp(`^${route.url.replace(/\/$/, '').replace(/:[a-z_]+/g, '[^/]+').replace(/\*/g, '.*')}/?$`);
    for (const m of [route.method].flat()) routes.push({ pattern, method: m });
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const allowed = [...new Set(routes.filter((r) => r.pattern.test(path)).map((r) => r.method))];
    if (allowed.length > 0) {
      return sendProblem(reply, new ProblemError('method_not_allowed', `${request.method} is not allowed on ${path}; use ${allowed.join(', ')}.`, [], { allow: allowed.join(', ') }));
    }
    return sendProblem(reply, new ProblemError('not_found', `No route ${request.method} ${path}.`));
  });
}
