import type { EventRow } from '../domain/event.ts';
import { toCloudEvent } from './cloud-event.ts';
import { signatureHeader } from '../domain/standard-webhooks.ts';

/**
 * Webhook deliveries per the Standard Webhooks specification, so receivers verify them with its libraries:
 * `webhook-id` (the event id), `webhook-timestamp` (unix seconds) and `webhook-signature`
 * (`v1,<base64 HMAC-SHA256(key, "<id>.<timestamp>.<body>")>`, space-separated while two secrets sign).
 */

export { signatureHeader } from '../domain/standard-webhooks.ts';

/** The request that delivers one event: body and headers, signed now with every live secret. */
export function webhookRequest(event: EventRow, secrets: readonly string[], nowMs: number): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify(toCloudEvent(event));
  const id = String(event.id);
  const timestamp = Math.floor(nowMs / 1000);
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signatureHeader(secrets, id, timestamp, body),
    },
  };
}
