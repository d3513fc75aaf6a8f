import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpExecutor } from '../../src/executors/index.ts';
import { hasOpenssl, makeCertificate } from '../support/certificates.ts';

/** A real https target with a self-signed certificate for 127.0.0.1, made with openssl for this run. */
describe.skipIf(!hasOpenssl())('http executor over TLS (needs openssl to make a certificate)', () => {
  let dir = '';
  let cert = '';
  let server: Server;
  let url = '';
  const live = () => new AbortController().signal;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tickwork-tls-'));
    const made = makeCertificate(dir, 'target', 30);
    cert = made.cert;
    server = createServer({ key: made.key, cert }, (_req, res) => res.end('secure'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    url = `https://127.0.0.1:${address !== null && typeof address === 'object' ? address.port : 0}/`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports the certificate the target presented, for expiry checks', async () => {
    const e = createHttpExecutor({
      allowPrivate: true,
      maxResponseBytes: 1024,
      maxRedirects: 5,
      userAgent: 't',
      connections: 2,
      ca: [cert],
    });
    try {
      const check = await e.check(
        { url, method: 'GET', timeout_ms: 5_000, expect_status: null, regexp: 'secure' },
        live(),
      );
      expect(check).toMatchObject({ status_code: 200, ok: true, matched: true });
      const expiresIn = (check.cert?.expires_at.getTime() ?? 0) - Date.now();
      expect(expiresIn).toBeGreaterThan(29 * 86_400_000);
      expect(expiresIn).toBeLessThanOrEqual(30 * 86_400_000);
      expect(check.cert?.valid_to).toMatch(/GMT$/);
    } finally {
      await e.close();
    }
  });

  it('fails as a TLS error when the certificate is not trusted', async () => {
    const e = createHttpExecutor({
      allowPrivate: true,
      maxResponseBytes: 1024,
      maxRedirects: 5,
      userAgent: 't',
      connections: 2,
    });
    try {
      const check = await e.check({ url, method: 'GET', timeout_ms: 5_000, expect_status: null, regexp: null }, live());
      expect(check).toMatchObject({ status_code: null, ok: false, error_kind: 'tls', cert: null });
      expect(check.error).toMatch(/SELF_SIGNED/);
    } finally {
      await e.close();
    }
  });
});
