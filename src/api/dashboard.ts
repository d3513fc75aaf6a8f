import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { PROJECT_ROOT } from '../paths.ts';
import type { Api } from './types.ts';

/**
 * The dashboard: `GET /` and its assets under `/dashboard/`, plain files from `src/api/dashboard/` read once at
 * start-up. The page talks to the service only through the public JSON API with the key the user enters.
 */

const ASSET_DIR = join(PROJECT_ROOT, 'src/api/dashboard/');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** Only our own files, no inline script or style, no framing; the page's data goes in as text, never markup. */
const SECURITY_HEADERS = {
  'content-security-policy': [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; '),
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  // Assets are small and change with the service version: always revalidate rather than serve a stale page.
  'cache-control': 'no-cache',
};

interface Asset {
  body: Buffer;
  type: string;
}

function loadAssets(): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const name of readdirSync(ASSET_DIR)) {
    const type = CONTENT_TYPES[extname(name)];
    if (type !== undefined) assets.set(name, { body: readFileSync(join(ASSET_DIR, name)), type });
  }
  if (!assets.has('index.html')) throw new Error(`the dashboard's index.html is missing from ${ASSET_DIR}`);
  return assets;
}

export function registerDashboard(app: Api): void {
  const assets = loadAssets();
  const serve = (path: string, asset: Asset): void => {
    app.get(path, { config: { scope: 'public', rateLimit: false }, schema: { hide: true } }, async (_request, reply) =>
      reply.headers(SECURITY_HEADERS).type(asset.type).send(asset.body),
    );
  };
  for (const [name, asset] of assets) serve(name === 'index.html' ? '/' : `/dashboard/${name}`, asset);
}
