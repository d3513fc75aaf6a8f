/**
 * Commands in: other services create, change, pause, resume, trigger and delete tasks, and create and delete monitors,
 * by publishing to `<prefix>.commands` (docs/commands.md). A door
 * like the HTTP API, beside it: the same schemas, validator, auth and scope rule, but no import of api/ or engine/.
 */
export { CommandConsumer, REASON_HEADER, declareCommandQueues, type CommandConsumerOptions } from './consumer.ts';
export { executeCommand, type Reply } from './execute.ts';
export { parseCommand, type Command } from './parse.ts';
