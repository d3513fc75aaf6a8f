/** The sinks' public surface: where events are published. Called by the engine only. */
export type { Sink } from './types.ts';
export { withTimeout } from './types.ts';
export { toCloudEvent, CLOUD_EVENT_CONTENT_TYPE, type CloudEvent } from './cloud-event.ts';
export { logSink } from './log.ts';
export { amqpSink, type AmqpSinkOptions } from './amqp.ts';
export { AmqpConnection } from './amqp-connection.ts';
export { natsSink, type NatsSinkOptions } from './nats.ts';
export { signatureHeader, webhookRequest } from './webhook.ts';
