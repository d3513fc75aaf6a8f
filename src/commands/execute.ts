import type { TSchema } from 'typebox';
import type { Config } from '../config.ts';
import type { Db } from '../store/db.ts';
import { authenticate, type Principal } from '../store/keys.ts';
import { idempotencyRequestHash, releaseIdempotencyKey, replayOf, reserveIdempotencyKey, storeIdempotentResponse } from '../store/idempotency.ts';
import { createTask, deleteTask, pauseTask, resumeTask, triggerTask, updateTask, type TaskView } from '../store/tasks.ts';
import { createMonitor, deleteMonitor } from '../store/monitors.ts';
import { createHeartbeat, newPingToken } from '../store/heartbeats.ts';
import type { SecretBox } from '../store/secrets.ts';
import { hasScope } from '../domain/scopes.ts';
import { ProblemError, invalidFields, problemDocument, type FieldError } from '../domain/errors.ts';
import { keyActor, type Actor } from '../domain/event.ts';
import { requireCreatable, taskChangesFrom, type InputContext } from '../domain/task-input.ts';
import { TaskInput } from '../domain/task-schema.ts';
import { MonitorInput } from '../domain/monitor-schema.ts';
import { monitorChanges, newMonitor } from '../domain/monitor-input.ts';
import { monitorReply } from '../domain/monitor.ts';
import { validateInput } from '../domain/validate.ts';
import { taskToJson, type TaskRow } from '../domain/task.ts';
import type { Command } from './parse.ts';

export interface Reply {
  status: number;
  body: unknown;
}

/**
 * An object's fields in a command, checked by its one schema exactly as the HTTP route checks a body: the same fields
 * are named with the same messages. When the schema fails, `fieldChecks` (the route's checks the schema cannot
 * express, null where the route has none) still run over the fields the schema passed, so one answer names every bad
 * field, as api/problems.ts does for a route's `fieldChecks`.
 */
function checkedInput<T>(schema: TSchema, input: Record<string, unknown>, fieldChecks: ((passed: Record<string, unknown>) => unknown) | null): T {
  const errors = validateInput(schema, input);
  if (errors.length === 0) return input as T;
  if (fieldChecks !== null) errors.push(...moreFieldErrors(input, errors, fieldChecks));
  throw invalidFields(errors);
}

function moreFieldErrors(input: Record<string, unknown>, named: readonly FieldError[], fieldChecks: (passed: Record<string, unknown>) => unknown): FieldError[] {
  const flagged = new Set(named.map((e) => e.field.split('.')[0]));
  const rest = Object.fromEntries(Object.entries(input).filter(([k]) => !flagged.has(k)));
  try {
    fieldChecks(rest); // these fields passed the schema: they have the types it expects
  } catch (e) {
    if (e instanceof ProblemError) return e.errors.filter((fe) => !named.some((n) => n.field === fe.field));
  }
  return [];
}

/** What the sender asked for once (the `idempotency-key` header) and its key, as HTTP's `Idempotency-Key`. */
export interface CommandRequest {
  apiKey: string | null;
  idempotencyKey: string | null;
  command: Command;
}

/**
 * Runs one command with the same auth, scope, validation and idempotency as HTTP (every op changes something, so
 * every op needs `write`, as every HTTP route that is not a GET does). Expected failures (ProblemError) become
 * problem documents; anything else is thrown for the consumer to classify (retry only what retrying can cure).
 */
export async function executeCommand(db: Db, config: Config, req: CommandRequest, secrets: SecretBox): Promise<Reply> {
  try {
    if (req.apiKey === null) throw new ProblemError('unauthorized', 'No API key: send it in the message header "api-key".');
    const principal = await authenticate(db, req.apiKey);
    if (principal === null) throw new ProblemError('unauthorized', 'The API key is not valid or has been revoked.');
    if (!hasScope(principal.scopes, 'write')) throw new ProblemError('forbidden', 'Commands need a key with the "write" scope.');
    const act = (): Promise<Reply> => perform(db, config, principal, req.command, secrets);
    if (req.idempotencyKey === null) return await act();
    return await once(db, principal, req.apiKey, req.idempotencyKey, req.command, secrets, act);
  } catch (err) {
    if (err instanceof ProblemError) return { status: err.status, body: problemDocument(err) };
    throw err;
  }
}

/**
 * The first command with an `idempotency-key` acts and its reply is kept (sealed) for 24 h; the same key from the same
 * API key gets that reply again — so a redelivered or re-sent command never acts twice (no second task, monitor or
 * run) — and a different command with the same key is a 409. The key space is the API key's, shared with HTTP.
 */
async function once(
  db: Db,
  principal: Principal,
  apiKey: string,
  key: string,
  command: Command,
  secrets: SecretBox,
  act: () => Promise<Reply>,
): Promise<Reply> {
  if (key.length === 0 || key.length > 255) {
    throw new ProblemError('invalid_field', 'idempotency-key must be 1 to 255 characters.', [{ field: 'idempotency-key', message: 'must be 1 to 255 characters' }]);
  }
  const hash = idempotencyRequestHash(apiKey, ['AMQP', command]);
  const stored = await reserveIdempotencyKey(db, principal.tenantId, principal.keyId, key, hash);
  if (stored !== null) {
    const { status, body } = replayOf(stored, hash, secrets);
    return { status, body: body === '' ? null : (JSON.parse(body) as unknown) };
  }
  let reply: Reply;
  try {
    reply = await act();
  } catch (err) {
    const problem = err instanceof ProblemError ? err : null;
    if (problem === null || problem.status >= 500) await releaseIdempotencyKey(db, principal.tenantId, principal.keyId, key);
    if (problem === null) throw err;
    reply = { status: problem.status, body: problemDocument(problem) };
  }
  const sealedBody = secrets.seal(reply.body === null ? '' : JSON.stringify(reply.body));
  await storeIdempotentResponse(db, principal.tenantId, principal.keyId, key, { status_code: reply.status, headers: {}, sealedBody });
  return reply;
}

const showTask = (view: TaskView, status: number): Reply => ({ status, body: taskToJson(view.task, view.lastRun) });

/** One op, as its HTTP route does it: the same store function, with the key as the actor of its events. */
async function perform(db: Db, config: Config, principal: Principal, cmd: Command, secrets: SecretBox): Promise<Reply> {
  const tenant = principal.tenantId;
  const actor: Actor = keyActor({ id: principal.keyId, name: principal.keyName });
  const ctx: Omit<InputContext, 'current'> = { defaultTimezone: config.timezone, allowPrivateTargets: config.allowPrivateTargets };
  switch (cmd.op) {
    case 'task.create': {
      const creating = { ...ctx, current: null };
      const input = checkedInput<TaskInput>(TaskInput, cmd.task, (passed) => taskChangesFrom(passed as TaskInput, creating));
      const changes = taskChangesFrom(input, creating);
      requireCreatable(changes);
      return showTask(await createTask(db, tenant, changes, config.maxTasksPerTenant, secrets, actor), 201);
    }
    case 'task.update': {
      // As PATCH /v1/tasks/{id}: the cross-field checks need the current task, so they run once the schema passed.
      const input = checkedInput<TaskInput>(TaskInput, cmd.task, null);
      return showTask(await updateTask(db, tenant, cmd.id, (current: TaskRow) => taskChangesFrom(input, { ...ctx, current }), secrets, actor), 200);
    }
    case 'task.delete':
      await deleteTask(db, tenant, cmd.id, actor);
      return { status: 204, body: null };
    case 'task.pause':
      return showTask(await pauseTask(db, tenant, cmd.id, actor), 200);
    case 'task.resume':
      return showTask(await resumeTask(db, tenant, cmd.id, actor), 200);
    case 'task.trigger':
      return { status: 202, body: { run_id: await triggerTask(db, tenant, cmd.id) } };
    case 'monitor.create':
      return createMonitorCommand(db, config, tenant, cmd.monitor, secrets, actor);
    case 'monitor.delete':
      await deleteMonitor(db, tenant, cmd.id, actor);
      return { status: 204, body: null };
  }
}

/** The fields of a monitor that mean the same for every type: checked even when the schema failed (as the route). */
const SHARED_MONITOR_FIELDS = ['url', 'regexp', 'expect_json'];

/**
 * As `POST /v1/monitors`: 201 with the new monitor, or 200 with the tenant's existing one of the same url and regexp
 * (reactivated). A heartbeat's `ping_url` is under TICKWORK_PUBLIC_URL; without it, the path alone (an engine process
 * does not know the address the API is reached at).
 */
async function createMonitorCommand(db: Db, config: Config, tenant: string, fields: Record<string, unknown>, secrets: SecretBox, actor: Actor): Promise<Reply> {
  const input = checkedInput<MonitorInput>(MonitorInput, fields, (passed) =>
    monitorChanges(Object.fromEntries(Object.entries(passed).filter(([k]) => SHARED_MONITOR_FIELDS.includes(k))) as MonitorInput, 'http', config.allowPrivateTargets),
  );
  const monitor = newMonitor(input, config.allowPrivateTargets);
  const pingBase = config.publicUrl ?? '';
  if (monitor.type === 'heartbeat') {
    const { token, hash } = newPingToken();
    const { periodS, graceS, failureThreshold } = monitor;
    const view = await createHeartbeat(db, tenant, { periodS, graceS, failureThreshold, tokenHash: hash, tokenSealed: secrets.seal(token) }, actor);
    return { status: 201, body: monitorReply(view.monitor, view.figures, token, pingBase) };
  }
  const { view, created } = await createMonitor(db, tenant, monitor.changes, actor);
  const token = view.monitor.ping_token_enc === null ? null : secrets.open(view.monitor.ping_token_enc);
  return { status: created ? 201 : 200, body: monitorReply(view.monitor, view.figures, token, pingBase) };
}
