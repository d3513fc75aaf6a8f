import { ProblemError, invalidFields, type FieldError } from '../domain/errors.ts';
import { MAX_JSON_DEPTH, unsafeJsonProblems } from '../domain/json-safety.ts';

/** A command as API.md defines it; anything else is malformed: answered with a 400 and dead-lettered. */
export type Command =
  | { op: 'task.create'; task: Record<string, unknown> }
  | { op: 'task.update'; id: number; task: Record<string, unknown> }
  | { op: 'task.delete' | 'task.pause' | 'task.resume' | 'task.trigger'; id: number }
  | { op: 'monitor.create'; monitor: Record<string, unknown> }
  | { op: 'monitor.delete'; id: number };

export type CommandOp = Command['op'];

/**
 * Each op and the envelope fields it takes besides `op`: `id` (the object's, as in the HTTP path), `task` (the body of
 * the HTTP request for tasks), `monitor` (the body of `POST /v1/monitors`). Any other field is named as unknown or
 * not used, as HTTP rejects unknown fields.
 */
const OPS: Record<CommandOp, readonly ('id' | 'task' | 'monitor')[]> = {
  'task.create': ['task'],
  'task.update': ['id', 'task'],
  'task.delete': ['id'],
  'task.pause': ['id'],
  'task.resume': ['id'],
  'task.trigger': ['id'],
  'monitor.create': ['monitor'],
  'monitor.delete': ['id'],
};

export const COMMAND_OPS = Object.keys(OPS) as readonly CommandOp[];

/** The fields a command may carry at all. */
const ENVELOPE = new Set(['op', 'id', 'task', 'monitor']);
/** The fields that hold an object's input: checked for JSON safety one level deeper than the envelope. */
const BODIES = ['task', 'monitor'] as const;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Parses a message body into a command, or throws a 400 (413 over `maxBytes`) ProblemError saying why. Before any
 * field is looked at, the document passes the same JSON safety checks as an HTTP body (NUL, lone surrogates,
 * non-finite numbers, depth), so nothing in it can fail later in the database. Fields of `task` and `monitor` are
 * named as the HTTP route names them (`title`, `retry.max_attempts`), since they are what an HTTP body would be.
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
  const { task, monitor, ...envelope } = v;
  const unsafe = [
    ...unsafeJsonProblems(envelope),
    ...[task, monitor].flatMap((b) => (b === undefined ? [] : unsafeJsonProblems(b, '', MAX_JSON_DEPTH - 1))),
  ];
  if (unsafe.length > 0) throw invalidFields(unsafe);

  const errors: FieldError[] = [];
  for (const k of Object.keys(v)) if (!ENVELOPE.has(k)) errors.push({ field: k, message: 'unknown field; it is not accepted here' });
  const op = v.op;
  if (typeof op !== 'string' || !Object.hasOwn(OPS, op)) {
    errors.push({ field: 'op', message: `must be one of ${COMMAND_OPS.join(', ')}` });
    throw invalidFields(errors, `Unknown op${typeof op === 'string' ? ` "${op.slice(0, 100)}"` : ''}: ${errors.map((e) => e.field).join(', ')}.`);
  }
  const known = op as CommandOp;
  const wants = OPS[known];
  const id = v.id;
  if (wants.includes('id')) {
    if (!(typeof id === 'number' && Number.isSafeInteger(id) && id > 0)) errors.push({ field: 'id', message: 'must be a positive integer' });
  } else if (id !== undefined) {
    errors.push({ field: 'id', message: `is not used by ${known}` });
  }
  for (const name of BODIES) {
    const given = v[name];
    if (wants.includes(name)) {
      if (!isObject(given)) errors.push({ field: name, message: `must be an object of ${name} fields` });
    } else if (given !== undefined) {
      errors.push({ field: name, message: `is not used by ${known}` });
    }
  }
  if (errors.length > 0) throw invalidFields(errors);
  return toCommand(known, id as number, task as Record<string, unknown>, monitor as Record<string, unknown>);
}

/** The typed command of a checked envelope: each op with exactly the fields it takes. */
function toCommand(op: CommandOp, id: number, task: Record<string, unknown>, monitor: Record<string, unknown>): Command {
  switch (op) {
    case 'task.create':
      return { op, task };
    case 'task.update':
      return { op, id, task };
    case 'monitor.create':
      return { op, monitor };
    case 'task.delete':
    case 'task.pause':
    case 'task.resume':
    case 'task.trigger':
    case 'monitor.delete':
      return { op, id };
  }
}
