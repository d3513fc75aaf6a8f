// The OpenAPI document as the service serves it at /openapi.json, built from the route declarations without a
// database: the API is assembled (not listening) on a Db that refuses every query, since building the document
// serves no request. Used by `npm run docs` (docs/api.md) and `npm run openapi` (a written-out copy).
import pino from 'pino';
import { Registry } from 'prom-client';
import { buildApi } from '../src/api/index.ts';
import { loadConfig } from '../src/config.ts';
import type { Db } from '../src/store/db.ts';
import { secretBox } from '../src/store/secrets.ts';

const refuse = (): Promise<never> => Promise.reject(new Error('the OpenAPI document is built without a database'));

const routesOnly: Db = {
  kind: 'pglite',
  query: refuse,
  transaction: refuse,
  listen: async () => async () => {},
  close: async () => {},
};

/** The document as GET /openapi.json answers it. */
export async function openApiDocument(): Promise<Record<string, unknown>> {
  // A fixed key: nothing is sealed or signed while only the document is built.
  const key = 'openapi-document-only-0123456789abcdefghijkl';
  const config = loadConfig({ TICKWORK_SECRET_KEY: key, TICKWORK_DATA_DIR: '/nonexistent/openapi-document' });
  const app = await buildApi({ config, db: routesOnly, log: pino({ level: 'silent' }), registry: new Registry(), secrets: secretBox([key]), publicUrl: () => 'http://localhost:8000' });
  try {
    // What GET /openapi.json answers (the route returns this object), with its errors thrown rather than a 500.
    return JSON.parse(JSON.stringify(app.swagger())) as Record<string, unknown>;
  } finally {
    await app.close();
  }
}
