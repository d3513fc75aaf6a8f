import { ProblemError, invalidFields, type FieldError } from '../domain/errors.ts';
import { MAX_JSON_DEPTH, unsafeJsonProblems } from '../domain/json-safety.ts';

/** A command as API.md defines it; anything else is malformed: answered with a 400 and dead-lettered. */
export type Command =
  | { op: 'task.create'; task: Record<string, unknown> }
  | { op: 'task.update'; id: number; task: Record<string, unknown> }
  | { op: 'task.delete'; id: number };

export const COMMAND_OPS = ['task.create', 'task.update', 'task.delete'] as const;

/** The fields a command may carry; any other is named as unknown, as HTTP rejects unknown fields. */
const ENVELOPE = new Set(['op', 'id', 'task']);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Parses a message body into a command, or throws a 400 (413 over `maxBytes`) ProblemError saying why. Before any
 * field is looked at, the document passes the same JSON safety checks as an HTTP body (NUL, lone surrogates,
 * non-finite numbers, depth), so nothing in it can fail later in the database. Fields of `task` are named as the
 * HTTP route names them (`title`, `retry.max_attempts`), since `task` is what an HTTP body would be.
 */
export function parseCommand(body: Buffer, maxBytes: number): Command {
  if (body.length > maxBytes) {
    throw new ProblemError('body_too_large', `The command is ${body.length} bytes; the limit is ${maxBytes} (TICKWORK_BODY_LIMIT).`);
  }
  let v: unknown;
  try {
    v = JSON.parse(body.toString('utf8'));
  } catch {
    throw new ProblemError('malformed_body', 'The command is not JSON.');
  }
  if (!isObject(v)) throw new ProblemError('malformed_body', 'The command must be a JSON object such as {"op": "task.create", "task": {...}}.');
  const { task, ...envelope } = v;
  const unsafe = [...unsafeJsonProblems(envelope), ...(task === undefined ? [] : unsafeJsonProblems(task, '', MAX_JSON_DEPTH - 1))];
  if (unsafe.length > 0) throw invalidFields(unsafe);

  const errors: FieldError[] = [];
  for (const k of Object.keys(v)) if (!ENVELOPE.has(k)) errors.push({ field: k, message: 'unknown field; it is not accepted here' });
  const op = v.op;
  if (!(COMMAND_OPS as readonly unknown[]).includes(op)) {
    errors.push({ field: 'op', message: `must be one of ${COMMAND_OPS.join(', ')}` });
    throw invalidFields(errors, `Unknown op${typeof op === 'string' ? ` "${op.slice(0, 100)}"` : ''}: ${errors.map((e) => e.field).join(', ')}.`);
  }
  const id = v.id;
  const needsId = op !== 'task.create';
  const needsTask = op !== 'task.delete';
  if (needsId && !(typeof id === 'number' && Number.isSafeInteger(id) && id > 0)) errors.push({ field: 'id', message: 'must be a positive integer' });
  if (!needsId && id !== undefined) errors.push({ field: 'id', message: `is not used by ${String(op)}` });
  if (needsTask && !isObject(task)) errors.push({ field: 'task', message: 'must be an object of task fields' });
  if (!needsTask && task !== undefined) errors.push({ field: 'task', message: `is not used by ${String(op)}` });
  if (errors.length > 0) throw invalidFields(errors);

  const taskFields = task as Record<string, unknown>;
  const positive = id as number;
  switch (op) {
    case 'task.create':
      return { op, task: taskFields };
    case 'task.update':
      return { op, id: positive, task: taskFields };
    default:
      return { op: 'task.delete', id: positive };
  }
}
