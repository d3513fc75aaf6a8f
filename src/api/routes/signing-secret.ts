import { Type } from 'typebox';
import type { Api, ApiDeps } from '../types.ts';
import { tenantOf } from '../auth.ts';
import { Nullable, problems } from '../schemas.ts';
import { generateWebhookSecret } from '../../store/secrets.ts';
import { getSigningSecret, rotateSigningSecret, type SigningSecretRow } from '../../store/signing-secrets.ts';
import { ProblemError } from '../../domain/errors.ts';

const tags = ['signing'];
const Time = Type.String({ description: 'ISO 8601 time in UTC' });
/** The replaced secret keeps signing beside the new one this long (API.md "Signed calls"). */
const ROTATION_OVERLAP_S = 24 * 3600;

const SigningSecretInfo = Type.Object({
  rotated_at: Time,
  previous_secret_expires_at: Nullable(Type.String({ description: 'Until when the replaced secret also signs (ISO 8601, UTC); null when none does' })),
});
const SigningSecret = Type.Object({
  secret: Type.String({ description: 'The new whsec_ secret; shown only in this answer' }),
  ...SigningSecretInfo.properties,
});

const infoOf = (row: SigningSecretRow) => ({
  rotated_at: row.rotated_at.toISOString(),
  previous_secret_expires_at: row.previous_secret_until?.toISOString() ?? null,
});

/**
 * The tenant's signing secret for task calls with `sign: true`: Standard Webhooks headers, so a target verifies
 * them with the same libraries as a webhook receiver.
 */
export function signingSecretRoutes(app: Api, { db, secrets }: ApiDeps): void {
  app.post('/v1/signing-secret/rotate', {
    config: { scope: 'admin' },
    schema: {
      tags,
      summary: "Create or replace the tenant's signing secret for signed task calls (the old one also signs for 24 h)",
      response: { 200: SigningSecret, ...problems(403, 503) },
    },
  }, async (request) => {
    const plain = generateWebhookSecret();
    const row = await rotateSigningSecret(db, tenantOf(request), secrets.seal(plain), ROTATION_OVERLAP_S);
    return { secret: plain, ...infoOf(row) };
  });

  app.get('/v1/signing-secret', {
    config: { scope: 'admin' },
    schema: {
      tags,
      summary: "Whether the tenant has a signing secret and when it was rotated (never the secret itself)",
      response: { 200: SigningSecretInfo, ...problems(403, 404) },
    },
  }, async (request) => {
    const row = await getSigningSecret(db, tenantOf(request));
    if (row === null) throw new ProblemError('not_found', 'This tenant has no signing secret; create one with POST /v1/signing-secret/rotate.');
    return infoOf(row);
  });
}
