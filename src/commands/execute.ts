import type { Config } from '../config.ts';
import type { Db } from '../store/db.ts';
import { authenticate, type Principal } from '../store/keys.ts';
import { idempotencyRequestHash, releaseIdempotencyKey, replayOf, reserveIdempotencyKey, storeIdempotentResponse } from '../store/idempotency.ts';
import { createTask, deleteTask, updateTask } from '../store/tasks.ts';
import type { SecretBox } from '../store/secrets.ts';
import { hasScope } from '../domain/scopes.ts';
import { ProblemError, invalidFields, problemDocument, type FieldError } from '../domain/errors.ts';
import { requireCreatable, taskChangesFrom, type InputContext } from '../domain/task-input.ts';
import { TaskInput } from '../domain/task-schema.ts';
import { validateInput } from '../domain/validate.ts';
import { taskToJson, type TaskRow } from '../domain/task.ts';
import type { Command } from './parse.ts';

export interface Reply {
  status: number;
  body: unknown;
}

/**
 * The task fields of a command, checked by the one task schema exactly as the HTTP route checks a body: the same
 * fields are named with the same messages. On create, as over HTTP, the fields the schema did not flag also go
 * through the cross-field checks, so one answer names every bad field.
 */
function taskInput(task: Record<string, unknown>, ctx: InputContext | null): TaskInput {
  const errors = validateInput(TaskInput, task);
  if (errors.length === 0) return task as TaskInput;
  if (ctx !== null) errors.push(...moreFieldErrors(task, errors, ctx));
  throw invalidFields(errors);
}

/** As api/problems.ts does for a route's `fieldChecks`: the errors of top-level fields the schema passed. */
function moreFieldErrors(task: Record<string, unknown>, named: readonly FieldError[], ctx: InputContext): FieldError[] {
  const flagged = new Set(named.map((e) => e.field.split('.')[0]));
  const rest = Object.fromEntries(Object.entries(task).filter(([k]) => !flagged.has(k)));
  try {
    taskChangesFrom(rest as TaskInput, ctx); // these fields passed the schema: they have the types it expects
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
 * Runs one command with the same auth, scope, validation and idempotency as HTTP. Expected failures (ProblemError)
 * become problem documents; anything else is thrown for the consumer to classify (retry only what retrying can cure).
 */
export async function executeCommand(db: Db, config: Config, req: CommandRequest, secrets: SecretBox): Promise<Reply> {
  try {
    if (req.apiKey === null) throw new ProblemError('unauthorized', 'No API key: send it in the message header "api-key".');
    const principal = await authenticate(db, req.apiKey);
    if (principal === null) throw new ProblemError('unauthorized', 'The API key is not valid or has been revoked.');
    if (!hasScope(principal.scopes, 'write')) throw new ProblemError('forbidden', 'Commands need a key with the "write" scope.');
    if (req.idempotencyKey === null) return await perform(db, config, principal.tenantId, req.command, secrets);
    return await once(db, principal, req.apiKey, req.idempotencyKey, req.command, secrets, () =>
      perform(db, config, principal.tenantId, req.command, secrets),
    );
  } catch (err) {
    if (err instanceof ProblemError) return { status: err.status, body: problemDocument(err) };
    throw err;
  }
}

/**
 * The first command with an `idempotency-key` acts and its reply is kept (sealed) for 24 h; the same key from the same
 * API key gets that reply again — so a redelivered or re-sent command never creates a second task — and a different
 * command with the same key is a 409. The key space is the API key's, shared with HTTP.
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

async function perform(db: Db, config: Config, tenant: string, cmd: Command, secrets: SecretBox): Promise<Reply> {
  const ctx = { defaultTimezone: config.timezone, allowPrivateTargets: config.allowPrivateTargets };
  switch (cmd.op) {
    case 'task.create': {
      const input = taskInput(cmd.task, { ...ctx, current: null });
      const changes = taskChangesFrom(input, { ...ctx, current: null });
      requireCreatable(changes);
      const view = await createTask(db, tenant, changes, config.maxTasksPerTenant, secrets);
      return { status: 201, body: taskToJson(view.task, view.lastRun) };
    }
    case 'task.update': {
      const input = taskInput(cmd.task, null);
      const view = await updateTask(db, tenant, cmd.id, (current: TaskRow) => taskChangesFrom(input, { ...ctx, current }), secrets);
      return { status: 200, body: taskToJson(view.task, view.lastRun) };
    }
    case 'task.delete':
      await deleteTask(db, tenant, cmd.id);
      return { status: 204, body: null };
  }
}
