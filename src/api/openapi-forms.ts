/**
 * The form half of the OpenAPI document (openapi.ts): a JSON request body that a form can carry is also offered as
 * `application/x-www-form-urlencoded`, with the schema of the form's fields as forms.ts converts them.
 */

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const FORM = 'application/x-www-form-urlencoded';

/**
 * Offers a JSON body as a form too when a form can carry it (forms.ts): every required field flat. A form field is
 * text: integers, booleans and JSON values as their text, an empty value null, a list repeated or comma-separated;
 * a field only an object can fill is left out (it needs JSON).
 */
export function offerForms(op: Json, schemas: Json): void {
  const body = isObject(op.requestBody) ? op.requestBody : undefined;
  const content = isObject(body?.content) ? body.content : undefined;
  const json = content?.['application/json'];
  if (content === undefined || !isObject(json) || !isObject(json.schema) || content[FORM] !== undefined) return;
  const ref = typeof json.schema.$ref === 'string' ? json.schema.$ref.replace('#/components/schemas/', '') : null;
  const target = ref === null ? json.schema : schemas[ref];
  if (!isObject(target)) return;
  const form = formSchema(target, schemas);
  if (form === null) return;
  if (ref === null) {
    content[FORM] = { schema: form };
    return;
  }
  schemas[`${ref}Form`] = form;
  content[FORM] = { schema: { $ref: `#/components/schemas/${ref}Form` } };
}

function resolve(s: Json, schemas: Json): Json {
  const name = typeof s.$ref === 'string' ? s.$ref.replace('#/components/schemas/', '') : null;
  const target = name === null ? s : schemas[name];
  return isObject(target) ? target : {};
}

function typesOf(s: Json, schemas: Json): Set<string> {
  const node = resolve(s, schemas);
  const out = new Set<string>();
  if (typeof node.type === 'string') out.add(node.type);
  for (const branch of Array.isArray(node.anyOf) ? node.anyOf : []) if (isObject(branch)) for (const t of typesOf(branch, schemas)) out.add(t);
  return out;
}

/** A schema's description, or that of the first branch of its union that has one. */
function descriptionOf(s: Json, schemas: Json): string | undefined {
  const node = resolve(s, schemas);
  if (typeof node.description === 'string') return node.description;
  for (const branch of Array.isArray(node.anyOf) ? node.anyOf : []) {
    const d = isObject(branch) ? descriptionOf(branch, schemas) : undefined;
    if (d !== undefined) return d;
  }
  return undefined;
}

/** The words a union of string literals allows (null aside), or null when it allows other values. */
function wordsOf(s: Json, schemas: Json): string[] | null {
  const node = resolve(s, schemas);
  if (node.type === 'null') return [];
  if (node.type === 'string' && Array.isArray(node.enum)) return node.enum.filter((x): x is string => typeof x === 'string');
  if (typeof node.const === 'string') return [node.const];
  if (!Array.isArray(node.anyOf)) return null;
  const out: string[] = [];
  for (const branch of node.anyOf) {
    const w = isObject(branch) ? wordsOf(branch, schemas) : null;
    if (w === null) return null;
    out.push(...w);
  }
  return out.length > 0 ? out : null;
}

function formSchema(s: Json, schemas: Json): Json | null {
  const props = isObject(s.properties) ? s.properties : {};
  const required = Array.isArray(s.required) ? (s.required as string[]) : [];
  const out: Json = {};
  for (const [name, prop] of Object.entries(props)) {
    if (!isObject(prop)) continue;
    const node = resolve(prop, schemas);
    const types = typesOf(prop, schemas);
    const description = descriptionOf(node, schemas);
    const text = (what: string): Json => ({ type: 'string', description: [description, what].filter((x) => x !== undefined).join('. ') });
    if (types.has('array')) {
      const items = [resolve(node, schemas), ...(Array.isArray(node.anyOf) ? (node.anyOf as Json[]) : [])].map((b) => b.items).find(isObject);
      if (items !== undefined && typesOf(items, schemas).has('object')) {
        if (required.includes(name)) return null;
        continue;
      }
      out[name] = { type: 'array', items: { type: 'string' }, description: [description, 'In a form: repeated, or comma-separated'].filter((x) => x !== undefined).join('. ') };
      continue;
    }
    if (types.has('object') && !types.has('string')) {
      if (required.includes(name)) return null;
      continue; // only JSON carries it
    }
    if (types.size === 0) continue; // never given (type: never)
    const hints = [types.has('integer') || types.has('number') ? 'digits' : null, types.has('boolean') ? '`true` or `false`' : null, types.has('null') ? 'empty: null' : null].filter((x) => x !== null);
    const field = text(hints.length > 0 ? `In a form: ${hints.join('; ')}` : 'In a form: text');
    const words = wordsOf(node, schemas);
    if (words !== null) field.enum = types.has('null') ? [...words, ''] : words;
    out[name] = field;
  }
  const form: Json = { type: 'object', properties: out, additionalProperties: false };
  if (required.length > 0) form.required = required;
  if (typeof s.description === 'string') form.description = `${s.description} (as a form: flat fields only)`;
  return form;
}
