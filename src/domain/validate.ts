import { Ajv, type ValidateFunction } from 'ajv';
import formats from 'ajv-formats';
import type { TSchema } from 'typebox';
import type { FieldError } from './errors.ts';

/**
 * The one JSON-schema validator of every door: the HTTP routes compile their schemas with it (server.ts) and AMQP
 * commands validate with it, so a value is valid or invalid the same way, with the same field names and messages.
 * Ajv's defaults hide mistakes: report every error, reject unknown fields instead of stripping them, never coerce
 * JSON types (form bodies are converted field by field in api/forms.ts instead), never fill in defaults.
 */
export const ajv = new Ajv({
  allErrors: true,
  removeAdditional: false,
  coerceTypes: false,
  useDefaults: false,
  // As Fastify's compiler: a schema with an $id is not kept in the instance just because it was used.
  addUsedSchema: false,
});
// `format: 'date-time'` in query strings; Fastify's own compiler adds the same plugin.
// (The package is CommonJS: its plugin is the `default` of what an ES import sees.)
formats.default(ajv);

/** Compiles (once per schema object: Ajv caches by identity) a schema into a validator. */
export function compileSchema(schema: object): ValidateFunction {
  return ajv.compile(schema);
}

/** The errors of `value` against `schema`, one per field, named as the HTTP error handler names them. */
export function validateInput(schema: TSchema, value: unknown, context = 'body'): FieldError[] {
  const validate = compileSchema(schema);
  if (validate(value)) return [];
  return fieldErrorsFromValidation(validate.errors ?? [], context);
}

/** The part of an Ajv error this module reads (Fastify hands the same objects to the HTTP error handler). */
export interface AjvError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/** Turns Ajv's errors into one entry per field, named as the client named it (`http.url`, `lines`). */
export function fieldErrorsFromValidation(errors: readonly AjvError[], context: string): FieldError[] {
  const byField = new Map<string, string[]>();
  for (const e of errors) {
    if (e.keyword === 'anyOf' || e.keyword === 'oneOf') continue; // the branch errors say more
    let path = e.instancePath.replace(/^\//, '').split('/').filter((s) => s !== '');
    if (e.keyword === 'additionalProperties') path = [...path, String(e.params.additionalProperty)];
    if (e.keyword === 'required') path = [...path, String(e.params.missingProperty)];
    const field = path.length > 0 ? fieldName(path) : context;
    const message = describe(e);
    const list = byField.get(field) ?? [];
    if (!list.includes(message)) list.push(message);
    byField.set(field, list);
  }
  // A field with errors inside it (`retry.max_attempts`) is not also named itself: its own entry would only be the
  // other branch of a union (`retry: must be null`), which says nothing useful.
  const fields = [...byField.keys()];
  return [...byField.entries()]
    .filter(([field]) => !fields.some((f) => f.startsWith(`${field}.`)))
    .map(([field, messages]) => ({ field, message: messages.join('; or ') }));
}

/** A path as the client names it: `http.url`; an array item by its index, `tasks[3].cron`. */
function fieldName(path: readonly string[]): string {
  let out = '';
  for (const segment of path) out += /^(0|[1-9][0-9]*)$/.test(segment) && out !== '' ? `[${segment}]` : `${out === '' ? '' : '.'}${segment}`;
  return out;
}

function describe(e: AjvError): string {
  switch (e.keyword) {
    case 'additionalProperties':
      return 'unknown field; it is not accepted here';
    case 'required':
      return 'is required';
    case 'enum':
      return `must be one of ${(e.params.allowedValues as unknown[]).map(String).join(', ')}`;
    case 'pattern':
      return e.message?.includes('^[1-9]') === true ? 'must be a positive integer' : (e.message ?? 'has the wrong form');
    default:
      return e.message ?? 'is invalid';
  }
}
