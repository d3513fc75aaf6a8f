import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Config } from '../config.ts';
import type { Db } from '../store/db.ts';
import type { SecretBox } from '../store/secrets.ts';
import { brokerNames } from '../domain/broker-names.ts';
import { eventSource, type EventSource } from '../domain/event.ts';
import { readDeploymentId } from '../store/events.ts';
import { amqpSink, logSink, natsSink, type Sink } from '../sinks/index.ts';
import { startLeadership, type LeaderWork } from './leadership.ts';

/** The configured event sinks besides webhooks: the log, RabbitMQ, NATS. */
function eventSinks(config: Config, log: Logger, source: EventSource): Sink[] {
  const sinks: Sink[] = [];
  const timeoutMs = config.sinkTimeoutSeconds * 1000;
  const names = brokerNames(config.brokerPrefix);
  if (config.eventLog) sinks.push(logSink(log.child({ sink: 'log' })));
  if (config.amqpUrl !== undefined) {
    sinks.push(amqpSink({ url: config.amqpUrl, log: log.child({ sink: 'amqp' }), heartbeatSeconds: config.brokerHeartbeatSeconds, timeoutMs, exchange: names.eventsExchange, source }));
  }
  if (config.natsUrl !== undefined) {
    sinks.push(natsSink({ url: config.natsUrl, log: log.child({ sink: 'nats' }), heartbeatSeconds: config.brokerHeartbeatSeconds, timeoutMs, subject: names.eventSubject, source }));
  }
  return sinks;
}

/**
 * The engine's event side: the configured sinks handed to the leader's relay (engine/leadership.ts). Brokers are
 * connected in the background, so this never waits for one that is down.
 */
export async function startEventDelivery(
  db: Db,
  config: Config,
  log: Logger,
  registry: Registry,
  holderName: string,
  secrets: SecretBox,
): Promise<LeaderWork> {
  // The deployment's uuid names the events' source when TICKWORK_PUBLIC_URL does not (made once, by migration 0013).
  const source = eventSource(config.publicUrl, await readDeploymentId(db));
  return startLeadership({ db, config, log, registry, holderName, secrets, sinks: eventSinks(config, log, source), source });
}
