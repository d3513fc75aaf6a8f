import type { EventRow } from '../domain/event.ts';

/** An event as it travels on brokers and webhooks: CloudEvents 1.0, structured JSON mode (API.md "Events"). */
export interface CloudEvent {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  time: string;
  subject: string;
  datacontenttype: 'application/json';
  data: Record<string, unknown>;
}

export const CLOUD_EVENT_CONTENT_TYPE = 'application/cloudevents+json; charset=utf-8';

export function toCloudEvent(e: EventRow): CloudEvent {
  return {
    specversion: '1.0',
    id: String(e.id),
    source: `tickwork/${e.tenant_id}`,
    type: e.type,
    time: e.created_at.toISOString(),
    subject: `${e.subject_kind}/${e.subject_id}`,
    datacontenttype: 'application/json',
    data: e.data,
  };
}
