import type { FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Config } from '../config.ts';
import type { Db } from '../store/db.ts';
import type { SecretBox } from '../store/secrets.ts';

/** The Fastify instance with TypeBox types: route handlers see request types derived from their schemas. */
export type Api = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, Logger, TypeBoxTypeProvider>;

export interface ApiDeps {
  config: Config;
  db: Db;
  log: Logger;
  registry: Registry;
  /** Seals and opens stored secrets (TICKWORK_SECRET_KEY), resolved once at start. */
  secrets: SecretBox;
  /** The base URL users reach the service at (TICKWORK_PUBLIC_URL, else the listening address), for links. */
  publicUrl: () => string;
}
