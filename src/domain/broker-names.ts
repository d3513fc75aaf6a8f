/**
 * The names tickwork uses on a shared broker, all under one prefix (`TICKWORK_BROKER_PREFIX`, default `tickwork`), so
 * several deployments can share one RabbitMQ or NATS without taking each other's commands or mixing their events.
 */
export interface BrokerNames {
  /** RabbitMQ topic exchange of events (routing key = event type). */
  eventsExchange: string;
  /** RabbitMQ queue of inbound commands. */
  commandsQueue: string;
  /** RabbitMQ queue of commands that could not be carried out, with the reason. */
  deadLetterQueue: string;
  /** NATS subject of an event type. */
  eventSubject(type: string): string;
}

/** A prefix is dot-separated words of letters, digits, `_` and `-`: valid as a NATS subject token and an AMQP name. */
export const BROKER_PREFIX_PATTERN = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

export function brokerNames(prefix: string): BrokerNames {
  return {
    eventsExchange: `${prefix}.events`,
    commandsQueue: `${prefix}.commands`,
    deadLetterQueue: `${prefix}.commands.dead`,
    eventSubject: (type) => `${prefix}.events.${type}`,
  };
}
