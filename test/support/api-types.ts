import type { Static } from 'typebox';
import type { Event, Problem, RunCreated, Task } from '../../src/api/schemas.ts';
import type { Check, Monitor } from '../../src/domain/monitor.ts';
import type { components, operations } from '../../clients/typescript/src/schema.d.ts';

/**
 * The shapes of API responses for typed test responses (`svc.api<RunJson>(...)`), derived from the same schemas
 * that serialise them. Schemas that src/ does not export (those local to a route module: API keys, webhooks,
 * deliveries, health, previews) are taken from the OpenAPI document's generated types
 * (clients/typescript/src/schema.d.ts, `npm run docs`), which are derived from those same schemas.
 * Every test file uses them: `svc.api` (test/support/service.ts) gives `unknown` without a type argument.
 */
export type { RunJson } from '../../src/domain/run.ts';
export type TaskJson = Static<typeof Task>;
/** A task whose action is an HTTP call, as a test that created one expects it. */
export type HttpTaskJson = TaskJson & { action: Extract<TaskJson['action'], { type: 'http' }> };
/** A task whose action is a TfL line check, as a test that created one expects it. */
export type TflTaskJson = TaskJson & { action: Extract<TaskJson['action'], { type: 'tfl_line_status' }> };
export type EventJson = Omit<Static<typeof Event>, 'data'> & { data: Record<string, unknown> };
export type ProblemJson = Static<typeof Problem>;
export type RunCreatedJson = Static<typeof RunCreated>;
/** A monitor as GET /v1/monitors/{id} shows it (with a heartbeat's `period` and `ping_url`). */
export type MonitorJson = Static<typeof Monitor>;
export type CheckJson = Static<typeof Check>;
type Schemas = components['schemas'];
export type ApiKeyJson = Schemas['ApiKey'];
export type ApiKeyWithSecretJson = Schemas['ApiKeyWithSecret'];
export type WebhookJson = Schemas['Webhook'];
export type WebhookWithSecretJson = Schemas['WebhookWithSecret'];
export type DeliveryJson = Schemas['Delivery'];
export type HealthJson = Schemas['Health'];
export type HealthUnavailableJson = Schemas['HealthUnavailable'];
export type PingedJson = Schemas['Pinged'];
export type SchedulePreviewJson = Schemas['SchedulePreview'];
export type TaskSchedulePreviewJson = Schemas['TaskSchedulePreview'];
/** POST /v1/webhooks/{id}/test: the test event written. */
export type WebhookTestedJson = operations['testWebhook']['responses'][202]['content']['application/json'];
/** POST /v1/signing-secret/rotate: the tenant's new signing secret. */
export type SigningSecretJson = operations['rotateSigningSecret']['responses'][200]['content']['application/json'];
export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}
