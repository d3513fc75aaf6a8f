import type { EventRow, EventSource } from '../domain/event.ts';
import { CLOUD_EVENT_CONTENT_TYPE, toCloudEvent } from './cloud-event.ts';
import { signatureHeader } from '../domain/standard-webhooks.ts';

/**
 * Webhook deliveries per the Standard Webhooks specification, so receivers verify them with its libraries, each a
 * CloudEvent in structured mode (`application/cloudevents+json`, so the SDKs' `HTTP.toEvent` reads it):
 * `webhook-id` (the event id), `webhook-timestamp` (unix seconds) and `webhook-signature`
 * (`v1,<base64 HMAC-SHA256(key, "<id>.<timestamp>.<body>")>`, space-separated while two secrets sign).
 */

export { signatureHeader } from '../domain/standard-webhooks.ts';

/** The request that delivers one event: body and headers, signed now with every live secret. */
export function webhookRequest(
  event: EventRow,
  secrets: readonly string[],
  nowMs: number,
  source: EventSource,
): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify(toCloudEvent(event, source));
  const id = String(event.id);
  const timestamp = Math.floor(nowMs / 1000);
  return {
    body,
    headers: {
      'content-type': CLOUD_EVENT_CONTENT_TYPE,
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signatureHeader(secrets, id, timestamp, body),
    },
  };
}
