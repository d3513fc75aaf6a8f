// What `npm run docs` makes from the OpenAPI document: docs/api.md (the HTTP API reference) and the TypeScript
// client's types (clients/typescript/src/schema.d.ts, by openapi-typescript). Both are pure functions of the
// document, so a test can compare the files in the repository with what they make now.
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';

interface Schema {
  $ref?: string;
  anyOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  type?: string;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  not?: object;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  description?: string;
}
interface Media {
  schema?: Schema;
}
interface Operation {
  operationId?: string;
  summary?: string;
  tags?: string[];
  security?: unknown[];
  parameters?: { name: string; in: string; required?: boolean; description?: string; schema?: Schema }[];
  requestBody?: { content?: Record<string, Media> };
  responses?: Record<string, { description?: string; content?: Record<string, Media> }>;
}
interface Document {
  info: { version: string; description?: string };
  tags?: { name: string; description?: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** The TypeScript types of the document (paths, components, operations) for openapi-fetch. */
export async function clientTypes(doc: Record<string, unknown>): Promise<string> {
  const ast = await openapiTS(doc as unknown as OpenAPI3, { alphabetize: false });
  return `// Generated from tickwork's /openapi.json by openapi-typescript (npm run docs). Do not edit.\n\n${astToString(ast)}`;
}

const refName = (s: Schema | undefined): string | null => (typeof s?.$ref === 'string' ? s.$ref.replace('#/components/schemas/', '') : null);
const cell = (s: string) => s.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** A schema in a few words: `Task`, `string`, `integer ≥ 1`, `Task[]`, `"skip" \| "allow"`, `string \| null`. */
function typeOf(s: Schema | undefined): string {
  if (s === undefined) return 'any';
  const name = refName(s);
  if (name !== null) return `[${name}](#${name.toLowerCase()})`;
  if (Array.isArray(s.anyOf)) return s.anyOf.map((b) => typeOf(b)).join(' or ');
  if (Array.isArray(s.enum)) return s.enum.map((v: unknown) => `\`${JSON.stringify(v)}\``).join(' or ');
  if (s.const !== undefined) return `\`${JSON.stringify(s.const)}\``;
  if (s.type === 'array') return `list of ${typeOf(s.items)}`;
  if (s.type === 'object' && s.properties === undefined) return 'object';
  if (s.not !== undefined && Object.keys(s.not).length === 0) return 'never';
  if (s.type === undefined) return 'any JSON value';
  const bounds = [s.minimum !== undefined ? `≥ ${s.minimum}` : null, s.maximum !== undefined ? `≤ ${s.maximum}` : null, s.maxLength !== undefined ? `≤ ${s.maxLength} chars` : null].filter((x) => x !== null);
  return bounds.length > 0 ? `${s.type} (${bounds.join(', ')})` : String(s.type);
}

function descriptionOf(s: Schema | undefined, schemas: Record<string, Schema>): string {
  if (s === undefined) return '';
  if (typeof s.description === 'string') return s.description;
  const name = refName(s);
  if (name !== null) return descriptionOf(schemas[name], schemas);
  for (const b of s.anyOf ?? []) {
    const d = descriptionOf(b, schemas);
    if (d !== '') return d;
  }
  return '';
}

function fieldsTable(s: Schema, schemas: Record<string, Schema>): string[] {
  const props = s.properties ?? {};
  if (Object.keys(props).length === 0) return [];
  const required = new Set(s.required ?? []);
  return [
    '| field | type | required | meaning |',
    '|---|---|---|---|',
    ...Object.entries(props).map(([name, p]) => `| \`${name}\` | ${cell(typeOf(p))} | ${required.has(name) ? 'yes' : ''} | ${cell(descriptionOf(p, schemas))} |`),
    '',
  ];
}

function operationSection(path: string, method: string, op: Operation, schemas: Record<string, Schema>): string[] {
  const out = [`### ${method.toUpperCase()} ${path}`, '', `${op.summary ?? ''} — \`${op.operationId ?? ''}\``, ''];
  if (Array.isArray(op.security) && op.security.length === 0) out.push('Public: no API key.', '');
  const params = op.parameters ?? [];
  if (params.length > 0) {
    out.push('| parameter | in | type | meaning |', '|---|---|---|---|');
    for (const p of params) out.push(`| \`${p.name}\`${p.required === true ? ' (required)' : ''} | ${p.in} | ${cell(typeOf(p.schema))} | ${cell(p.description ?? descriptionOf(p.schema, schemas))} |`);
    out.push('');
  }
  const body = op.requestBody?.content;
  if (body !== undefined) {
    out.push(`Body: ${Object.entries(body).map(([type, m]) => `${typeOf(m.schema)} as \`${type}\``).join(', ')}.`, '');
  }
  out.push('| status | meaning | body |', '|---|---|---|');
  for (const [status, r] of Object.entries(op.responses ?? {})) {
    const content = Object.entries(r.content ?? {}).map(([type, m]) => `${typeOf(m.schema)} (\`${type}\`)`).join(', ');
    out.push(`| ${status} | ${cell(r.description ?? '')} | ${cell(content)} |`);
  }
  out.push('');
  return out;
}

/** docs/api.md: every operation by tag, then every named schema, from the document alone. */
export function apiMarkdown(document: Record<string, unknown>): string {
  const doc = document as unknown as Document;
  const out = [
    '# HTTP API reference',
    '',
    `<!-- Generated from /openapi.json by scripts/api-reference.ts (npm run docs). Do not edit. -->`,
    '',
    `tickwork ${doc.info.version}. ${doc.info.description ?? ''}`,
    '',
    'The same document is served at `/openapi.json` (interactive at `/docs`): generate a client from it, or use the',
    'typed one in `clients/typescript/`. Conventions that hold for every route:',
    '',
    '- Every route but those marked public needs an API key (`Authorization: Bearer <key>` or `X-API-Key`). A key has',
    '  a scope: `read` for `GET`, `write` for the rest, `admin` for API keys; a key without it is a `403`.',
    '- `POST`, `PUT` and `PATCH` take JSON, and the same flat fields as a form (`application/x-www-form-urlencoded`:',
    '  lists repeated or comma-separated, an empty value null); nested objects need JSON.',
    '- Lists answer `{items, next_cursor}`; pass `next_cursor` back as `?cursor=` for the next page (`null` on the last).',
    '- Errors are RFC 9457 problem documents (`application/problem+json`, [Problem](#problem)) naming each bad field.',
    '- A path with a trailing slash is the same route as the path without it.',
    '- `Idempotency-Key` on a `POST`: the same key and request within 24 h answers the first response again.',
    '',
  ];
  const tags = (doc.tags ?? []).map((t) => t.name);
  const ops = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).filter(([m]) => METHODS.includes(m)).map(([method, op]) => ({ path, method, op })),
  );
  for (const tag of [...tags, ...new Set(ops.flatMap((o) => o.op.tags ?? []).filter((t) => !tags.includes(t)))]) {
    const mine = ops.filter((o) => (o.op.tags ?? [])[0] === tag);
    if (mine.length === 0) continue;
    const description = (doc.tags ?? []).find((t) => t.name === tag)?.description;
    out.push(`## ${tag}`, '');
    if (description !== undefined) out.push(`${description}.`, '');
    out.push('| operation | route | what it does |', '|---|---|---|');
    for (const o of mine) out.push(`| \`${o.op.operationId ?? ''}\` | \`${o.method.toUpperCase()} ${o.path}\` | ${cell(o.op.summary ?? '')} |`);
    out.push('');
    for (const o of mine) out.push(...operationSection(o.path, o.method, o.op, doc.components.schemas));
  }
  out.push('## Schemas', '');
  for (const [name, s] of Object.entries(doc.components.schemas)) {
    out.push(`### ${name}`, '');
    if (typeof s.description === 'string') out.push(`${s.description}.`, '');
    const table = fieldsTable(s, doc.components.schemas);
    const variants = (s.anyOf ?? []).filter((b) => b.properties !== undefined);
    if (table.length > 0) out.push(...table);
    else if (variants.length > 0) {
      out.push('One of:', '');
      for (const v of variants) out.push(`${typeof v.description === 'string' ? `${v.description}:` : 'An object:'}`, '', ...fieldsTable(v, doc.components.schemas));
    } else out.push(`${typeOf(s)}.`, '');
  }
  return `${out.join('\n').replace(/\.\.\n/g, '.\n').trimEnd()}\n`;
}
