import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Config } from '../config.ts';
import type { Db } from '../store/db.ts';
import type { SecretBox } from '../store/secrets.ts';
import { brokerNames } from '../domain/broker-names.ts';
import { AmqpConnection, amqpSink, logSink, natsSink, type Sink } from '../sinks/index.ts';
import { CommandConsumer } from '../commands/index.ts';
import { startLeadership, type LeaderWork } from './leadership.ts';

export interface EventDelivery {
  leadership: LeaderWork;
  stop(): Promise<void>;
}

/** The configured event sinks besides webhooks: the log, RabbitMQ, NATS. */
function eventSinks(config: Config, log: Logger): Sink[] {
  const sinks: Sink[] = [];
  const timeoutMs = config.sinkTimeoutSeconds * 1000;
  const names = brokerNames(config.brokerPrefix);
  if (config.eventLog) sinks.push(logSink(log.child({ sink: 'log' })));
  if (config.amqpUrl !== undefined) {
    sinks.push(amqpSink({ url: config.amqpUrl, log: log.child({ sink: 'amqp' }), heartbeatSeconds: config.brokerHeartbeatSeconds, timeoutMs, exchange: names.eventsExchange }));
  }
  if (config.natsUrl !== undefined) {
    sinks.push(natsSink({ url: config.natsUrl, log: log.child({ sink: 'nats' }), heartbeatSeconds: config.brokerHeartbeatSeconds, timeoutMs, subject: names.eventSubject }));
  }
  return sinks;
}

/**
 * The engine's broker side: the configured sinks handed to the leader's relay (engine/leadership.ts), and the
 * RabbitMQ command consumer. Brokers are connected in the background, so this never waits for one that is down.
 */
export async function startEventDelivery(
  db: Db,
  config: Config,
  log: Logger,
  registry: Registry,
  holderName: string,
  secrets: SecretBox,
): Promise<EventDelivery> {
  const leadership = await startLeadership({ db, config, log, registry, holderName, secrets, sinks: eventSinks(config, log) });
  let commands: CommandConsumer | null = null;
  try {
    if (config.amqpUrl !== undefined) {
      const amqp = new AmqpConnection(config.amqpUrl, log.child({ role: 'commands' }), config.brokerHeartbeatSeconds, 'tickwork commands');
      const names = brokerNames(config.brokerPrefix);
      commands = new CommandConsumer({ amqp, db, config, log: log.child({ role: 'commands' }), registry, prefetch: 16, secrets, names });
      commands.start();
    }
  } catch (err) {
    await leadership.stop();
    throw err;
  }
  return {
    leadership,
    async stop() {
      await commands?.stop();
      await leadership.stop();
    },
  };
}
