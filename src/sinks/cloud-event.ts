import type { Actor, EventRow, EventSource } from '../domain/event.ts';

/**
 * An event as it travels on brokers and webhooks: CloudEvents 1.0, structured JSON mode (API.md "Events"). Who made
 * the change travels in the Auth Context extension (`authtype`, `authid`, `authclaims`), whose attributes are plain
 * strings as the specification wants extension attributes to be.
 */
export interface CloudEvent {
  specversion: '1.0';
  id: string;
  /** An absolute URI per deployment and tenant (domain/event.ts `eventSource`). */
  source: string;
  type: string;
  time: string;
  subject: string;
  datacontenttype: 'application/json';
  /** `api_key` for a change made with an API key, `system` for the engine's own, `unknown` before 0013. */
  authtype: 'api_key' | 'system' | 'unknown';
  /** The API key's id. */
  authid?: string;
  /** JSON of `{"name": <the API key's name>}`; never its hash or secret. */
  authclaims?: string;
  data: Record<string, unknown>;
}

/** The media type of a structured-mode CloudEvent in JSON: the content type of every message and delivery. */
export const CLOUD_EVENT_CONTENT_TYPE = 'application/cloudevents+json; charset=utf-8';

function authContext(actor: Actor | null): Pick<CloudEvent, 'authtype' | 'authid' | 'authclaims'> {
  if (actor === null) return { authtype: 'unknown' };
  if (actor.kind === 'system') return { authtype: 'system' };
  return { authtype: 'api_key', authid: String(actor.id), authclaims: JSON.stringify({ name: actor.name }) };
}

export function toCloudEvent(e: EventRow, source: EventSource): CloudEvent {
  return {
    specversion: '1.0',
    id: String(e.id),
    source: source(e.tenant_id),
    type: e.type,
    time: e.created_at.toISOString(),
    subject: `${e.subject_kind}/${e.subject_id}`,
    datacontenttype: 'application/json',
    ...authContext(e.actor),
    data: e.data,
  };
}
