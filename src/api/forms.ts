import type { TSchema } from 'typebox';
import { ProblemError, type FieldError } from '../domain/errors.ts';

/**
 * Form bodies (`application/x-www-form-urlencoded`) carry only strings. They are converted field by field, using
 * the route's own body schema to know what each field is: an integer is `^\d+$`, a boolean `true|false`, an empty
 * value means null, a list is repeated or comma-separated. Nested objects need JSON. Nothing is coerced silently:
 * what does not convert is left as a string, and the schema then names the field.
 */

interface SchemaNode {
  type?: string | string[];
  anyOf?: SchemaNode[];
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
}

function typesOf(node: SchemaNode): Set<string> {
  const out = new Set<string>();
  if (typeof node.type === 'string') out.add(node.type);
  if (Array.isArray(node.type)) for (const t of node.type) out.add(t);
  for (const branch of node.anyOf ?? []) for (const t of typesOf(branch)) out.add(t);
  return out;
}

function convertScalar(raw: string, types: Set<string>): unknown {
  if (raw === '' && types.has('null')) return null;
  if (types.has('integer') && /^\d+$/.test(raw)) return Number(raw);
  if (types.has('number') && /^\d+(\.\d+)?$/.test(raw)) return Number(raw);
  if (types.has('boolean') && (raw === 'true' || raw === 'false')) return raw === 'true';
  return raw;
}

/**
 * Names that would reach an object's prototype instead of a field: assigned to a plain object, `__proto__` was
 * silently dropped. They are no field of any tickwork input, so they are refused by name.
 */
const PROTOTYPE_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

export function convertFormBody(body: Record<string, string | string[]>, schema: TSchema | undefined): Record<string, unknown> {
  const props = (schema as SchemaNode | undefined)?.properties ?? {};
  // No prototype: a field name is only ever a field, whatever it is called.
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  const errors: FieldError[] = [];
  for (const [field, value] of Object.entries(body)) {
    if (PROTOTYPE_NAMES.has(field)) {
      errors.push({ field, message: 'is not a field of this request' });
      continue;
    }
    const node = Object.hasOwn(props, field) ? props[field] : undefined;
    if (node === undefined) {
      out[field] = value; // unknown: the schema rejects it by name
      continue;
    }
    const types = typesOf(node);
    const values = Array.isArray(value) ? value : [value];
    if (types.has('array')) {
      const first = values[0];
      if (values.length === 1 && first === '' && types.has('null')) {
        out[field] = null;
        continue;
      }
      const itemTypes = node.anyOf?.find((b) => b.items !== undefined)?.items ?? node.items ?? {};
      const split = values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
      out[field] = split.map((v) => convertScalar(v, typesOf(itemTypes)));
      continue;
    }
    if (types.has('object') && !types.has('string')) {
      errors.push({ field, message: 'a nested object needs a JSON body (Content-Type: application/json)' });
      continue;
    }
    if (values.length > 1) {
      errors.push({ field, message: 'given more than once; this field takes one value' });
      continue;
    }
    out[field] = convertScalar(values[0] ?? '', types);
  }
  if (errors.length > 0) throw new ProblemError('invalid_field', `Invalid field(s): ${errors.map((e) => e.field).join(', ')}.`, errors);
  return out;
}
