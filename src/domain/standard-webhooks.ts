import { createHmac } from 'node:crypto';

/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com), the one definition for webhook deliveries
 * (sinks/webhook.ts) and signed task calls (`sign: true`, executors/): `webhook-id`, `webhook-timestamp` (unix
 * seconds) and `webhook-signature` (`v1,<base64 HMAC-SHA256(key, "<id>.<timestamp>.<body>")>`, where key is the
 * base64-decoded part of the secret after `whsec_`; space-separated while two secrets sign, as during a rotation).
 * A receiver verifies with any Standard Webhooks library and refuses a timestamp more than 5 minutes off.
 */

const PREFIX = 'whsec_';

export function signatureHeader(secrets: readonly string[], msgId: string, timestamp: number, body: string): string {
  return secrets
    .map((s) => {
      const key = Buffer.from(s.startsWith(PREFIX) ? s.slice(PREFIX.length) : s, 'base64');
      return `v1,${createHmac('sha256', key).update(`${msgId}.${timestamp}.${body}`).digest('base64')}`;
    })
    .join(' ');
}

/** The three headers that sign `body` as message `msgId` at `nowMs` (epoch ms) with every live secret. */
export function standardWebhookHeaders(secrets: readonly string[], msgId: string, nowMs: number, body: string): Record<string, string> {
  const timestamp = Math.floor(nowMs / 1000);
  return {
    'webhook-id': msgId,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signatureHeader(secrets, msgId, timestamp, body),
  };
}

/** The `webhook-id` of a signed task call: stable per attempt, so a target can de-duplicate a repeated call. */
export function signedCallId(runId: number, attempt: number): string {
  return `${runId}-${attempt}`;
}
