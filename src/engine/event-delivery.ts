import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Config } from '../config.ts';
import type { Db } from '../store/db.ts';
import type { SecretBox } from '../store/secrets.ts';
import { brokerNames } from '../domain/broker-names.ts';
import { createHttpExecutor } from '../executors/index.ts';
import { AmqpConnection, amqpSink, logSink, natsSink, type Sink } from '../sinks/index.ts';
import { CommandConsumer } from '../commands/index.ts';
import { HistoryPruning } from './history-pruning.ts';
import { Relay, type LeaderTask } from './relay.ts';
import { WebhookDeliveries, webhookFanOut } from './webhook-deliveries.ts';

export interface EventDelivery {
  relay: Relay;
  stop(): Promise<void>;
}

/**
 * The engine's event side: the relay with every configured sink (log, RabbitMQ, NATS, webhooks), the pruning of
 * history (runs, events, deliveries) past the retention, and the RabbitMQ command consumer. Brokers are connected in
 * the background, so this never waits for one that is down.
 */
export async function startEventDelivery(
  db: Db,
  config: Config,
  log: Logger,
  registry: Registry,
  holderName: string,
  secrets: SecretBox,
): Promise<EventDelivery> {
  const sinks: Sink[] = [];
  const leaderTasks: LeaderTask[] = [];
  const timeoutMs = config.sinkTimeoutSeconds * 1000;
  const names = brokerNames(config.brokerPrefix);
  if (config.eventLog) sinks.push(logSink(log.child({ sink: 'log' })));
  if (config.amqpUrl !== undefined) {
    sinks.push(amqpSink({ url: config.amqpUrl, log: log.child({ sink: 'amqp' }), heartbeatSeconds: config.brokerHeartbeatSeconds, timeoutMs, exchange: names.eventsExchange }));
  }
  if (config.natsUrl !== undefined) {
    sinks.push(natsSink({ url: config.natsUrl, log: log.child({ sink: 'nats' }), heartbeatSeconds: config.brokerHeartbeatSeconds, timeoutMs, subject: names.eventSubject }));
  }
  const http = createHttpExecutor({
    allowPrivate: config.allowPrivateTargets,
    maxResponseBytes: 64 * 1024,
    maxRedirects: 0,
    userAgent: 'tickwork-webhooks/0.1',
    connections: 16,
  });
  const deliveries = new WebhookDeliveries({
    db,
    log: log.child({ sink: 'webhooks' }),
    http,
    secrets,
    backoffSeconds: config.webhookBackoffSeconds,
    disableAfter: config.webhookDisableAfter,
    concurrency: 16,
    timeoutMs: 10_000,
    pollSeconds: config.pollSeconds,
  });
  sinks.push(webhookFanOut(db, deliveries));
  leaderTasks.push(deliveries);
  leaderTasks.push(
    new HistoryPruning({
      db,
      log: log.child({ role: 'pruning' }),
      retentionDays: config.retentionDays,
      pruneSeconds: config.pruneSeconds,
      sinks: sinks.map((s) => s.name),
    }),
  );
  const relay = new Relay({
    db,
    log: log.child({ role: 'relay' }),
    registry,
    holderName,
    sinks,
    leaseSeconds: config.relayLeaseSeconds,
    batchSize: 500,
    pollSeconds: config.pollSeconds,
    whileLeading: leaderTasks,
  });
  let commands: CommandConsumer | null = null;
  try {
    await relay.start();
    if (config.amqpUrl !== undefined) {
      const amqp = new AmqpConnection(config.amqpUrl, log.child({ role: 'commands' }), config.brokerHeartbeatSeconds, 'tickwork commands');
      commands = new CommandConsumer({ amqp, db, config, log: log.child({ role: 'commands' }), registry, prefetch: 16, secrets, names });
      commands.start();
    }
  } catch (err) {
    await relay.stop();
    await http.close();
    throw err;
  }
  return {
    relay,
    async stop() {
      await commands?.stop();
      await deliveries?.close();
      await relay.stop();
      await http.close();
    },
  };
}
