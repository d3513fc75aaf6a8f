import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';

/**
 * A validating proxy's checks, without the proxy: every request/response pair of a session is held against the
 * OpenAPI document as a generated client or Prism would hold it. The response's status must be declared for the
 * operation, its content type declared for that status, and its body valid against that schema; a request the API
 * accepted (2xx) must itself be valid against the document: its path and query parameters (typed as the document
 * types them), its content type and body (a form body as form fields).
 */

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface Exchange {
  method: string;
  /** Path and query, as sent. */
  url: string;
  requestContentType: string | null;
  requestBody: string | null;
  status: number;
  responseContentType: string | null;
  responseBody: string;
}

interface Operation {
  method: string;
  path: string;
  pattern: RegExp;
  names: string[];
  op: Json;
}

export interface Violation {
  exchange: string;
  problem: string;
}

export class OpenApiValidator {
  private readonly ajv: Ajv2020;
  private readonly operations: Operation[] = [];
  private readonly compiled = new Map<string, ValidateFunction>();
  readonly violations: Violation[] = [];
  /** operationId → statuses seen. */
  readonly seen = new Map<string, Set<number>>();
  checked = 0;

  constructor(private readonly doc: Json) {
    this.ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: true });
    formats.default(this.ajv);
    this.ajv.addSchema({ $id: 'openapi.json', components: doc.components } as Json);
    const paths = isObject(doc.paths) ? doc.paths : {};
    for (const [path, item] of Object.entries(paths)) {
      for (const [method, op] of Object.entries(isObject(item) ? item : {})) {
        if (!isObject(op)) continue;
        const names: string[] = [];
        const source = path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
          names.push(name);
          return '([^/]+)';
        });
        this.operations.push({ method: method.toUpperCase(), path, pattern: new RegExp(`^${source}$`), names, op });
      }
    }
  }

  /** Checks one exchange; returns the violations it added. */
  check(x: Exchange): Violation[] {
    this.checked++;
    const before = this.violations.length;
    const [rawPath = '', query = ''] = x.url.split('?');
    // The API answers a path with a trailing slash as the path without it (not listed in the document).
    const path = rawPath.length > 1 ? rawPath.replace(/\/+$/, '') : rawPath;
    const label = `${x.method} ${x.url} → ${x.status}`;
    const fail = (problem: string) => this.violations.push({ exchange: label, problem });
    const candidates = this.operations.filter((o) => o.pattern.test(path));
    const operation = candidates.find((o) => o.method === x.method);
    if (operation === undefined) {
      // A path the document does not list, or another method on a listed one: the API's 404 and 405.
      if (![404, 405].includes(x.status)) fail('no operation in the document matches it');
      else this.checkProblem(x, fail);
      return this.violations.slice(before);
    }
    const id = String(operation.op.operationId);
    const statuses = this.seen.get(id) ?? new Set<number>();
    statuses.add(x.status);
    this.seen.set(id, statuses);
    this.checkResponse(operation, x, fail);
    if (x.status < 300) this.checkRequest(operation, path, query, x, fail);
    return this.violations.slice(before);
  }

  private checkProblem(x: Exchange, fail: (p: string) => void): void {
    if (baseType(x.responseContentType) !== 'application/problem+json') fail(`content type ${x.responseContentType ?? 'none'} is not application/problem+json`);
    this.validate('openapi.json#/components/schemas/Problem', parse(x.responseBody), 'the problem document', fail);
  }

  private checkResponse(o: Operation, x: Exchange, fail: (p: string) => void): void {
    const responses = isObject(o.op.responses) ? o.op.responses : {};
    const declared = responses[String(x.status)] ?? responses[`${String(x.status)[0]}XX`] ?? responses.default;
    if (!isObject(declared)) {
      fail(`status ${x.status} is not declared (declared: ${Object.keys(responses).join(', ')})`);
      return;
    }
    const content = isObject(declared.content) ? declared.content : null;
    if (content === null) {
      if (x.responseBody !== '') fail(`status ${x.status} declares no body, but one came`);
      return;
    }
    const type = baseType(x.responseContentType);
    const media = type === null ? undefined : content[type];
    if (!isObject(media)) {
      fail(`content type ${x.responseContentType ?? 'none'} is not declared for ${x.status} (declared: ${Object.keys(content).join(', ')})`);
      return;
    }
    if (type === 'text/event-stream') return; // a stream: its frames carry Events, checked where they are read
    this.validate(media.schema, parse(x.responseBody), 'the response body', fail);
  }

  private checkRequest(o: Operation, path: string, query: string, x: Exchange, fail: (p: string) => void): void {
    const parameters = (Array.isArray(o.op.parameters) ? o.op.parameters : []).filter(isObject);
    const values = o.pattern.exec(path)?.slice(1) ?? [];
    o.names.forEach((name, i) => {
      const p = parameters.find((q) => q.in === 'path' && q.name === name);
      if (p === undefined) fail(`path parameter ${name} is not declared`);
      else this.validate(p.schema, typed(decodeURIComponent(values[i] ?? ''), p.schema), `path parameter ${name}`, fail);
    });
    const search = new URLSearchParams(query);
    for (const name of new Set(search.keys())) {
      const p = parameters.find((q) => q.in === 'query' && q.name === name);
      if (p === undefined) fail(`query parameter ${name} is not declared`);
      else this.validate(p.schema, typed(search.get(name) ?? '', p.schema), `query parameter ${name}`, fail);
    }
    for (const p of parameters) {
      if (p.required === true && p.in === 'query' && !search.has(String(p.name))) fail(`required query parameter ${String(p.name)} is missing`);
    }
    const body = isObject(o.op.requestBody) ? o.op.requestBody : null;
    if (x.requestBody === null || x.requestBody === '') {
      if (body?.required === true && x.requestContentType !== null) fail('the request body is required');
      return;
    }
    const content = isObject(body?.content) ? body.content : null;
    const type = baseType(x.requestContentType);
    const media = content === null || type === null ? undefined : content[type];
    if (!isObject(media)) {
      if (body !== null || o.path !== '/v1/ping/{token}') fail(`request content type ${x.requestContentType ?? 'none'} is not declared`);
      return;
    }
    const value = type === 'application/x-www-form-urlencoded' ? this.formFields(x.requestBody, media.schema) : parse(x.requestBody);
    this.validate(media.schema, value, 'the request body', fail);
  }

  /** A form body as its fields: a field declared as a list is a list, any other one text. */
  private formFields(text: string, schema: unknown): Json {
    const resolved = this.resolve(schema);
    const props = isObject(resolved.properties) ? resolved.properties : {};
    const params = new URLSearchParams(text);
    const out: Json = {};
    for (const name of new Set(params.keys())) {
      const prop = props[name];
      out[name] = isObject(prop) && prop.type === 'array' ? params.getAll(name) : params.getAll(name).length === 1 ? params.get(name) : params.getAll(name);
    }
    return out;
  }

  private resolve(schema: unknown): Json {
    if (!isObject(schema)) return {};
    if (typeof schema.$ref !== 'string') return schema;
    const name = schema.$ref.replace('#/components/schemas/', '');
    const components = isObject(this.doc.components) ? this.doc.components : {};
    const schemas = isObject(components.schemas) ? components.schemas : {};
    return isObject(schemas[name]) ? schemas[name] : {};
  }

  /** The errors of `value` against the named schema `components.schemas[name]`. */
  schemaErrors(name: string, value: unknown): string[] {
    const found: string[] = [];
    this.validate(`openapi.json#/components/schemas/${name}`, value, name, (p) => found.push(p));
    return found;
  }

  private validate(schema: unknown, value: unknown, what: string, fail: (p: string) => void): void {
    const key = typeof schema === 'string' ? schema : JSON.stringify(schema);
    let validate = this.compiled.get(key);
    if (validate === undefined) {
      validate = typeof schema === 'string' ? this.ajv.getSchema(schema) : this.ajv.compile(rebase(schema) as Json);
      if (validate === undefined) throw new Error(`no schema ${key}`);
      this.compiled.set(key, validate);
    }
    if (!validate(value)) {
      const errors = (validate.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword}`);
      fail(`${what} does not match its schema: ${errors.join('; ')}`);
    }
  }
}

/** Refs to the document's components, from a schema compiled on its own. */
function rebase(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(rebase);
  if (!isObject(schema)) return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `openapi.json${v}` : rebase(v)]),
  );
}

/** A parameter's text as the value the document types it as (what a client sent): an integer's digits as a number. */
function typed(text: string, schema: unknown): unknown {
  if (isObject(schema) && (schema.type === 'integer' || schema.type === 'number') && /^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  return text;
}

function baseType(contentType: string | null): string | null {
  return contentType === null ? null : (contentType.split(';')[0] ?? '').trim().toLowerCase();
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A fetch that hands each request/response pair to `record` (the body is read once, then handed back intact). */
export function recordingFetch(record: (x: Exchange) => void): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const requestBody = request.body === null ? null : await request.clone().text();
    const response = await fetch(request);
    // A stream never ends by itself: its frames are read by the caller, its status and content type checked here.
    const streaming = (response.headers.get('content-type') ?? '').startsWith('text/event-stream');
    const responseBody = streaming ? '' : await response.clone().text();
    const url = new URL(request.url);
    record({
      method: request.method,
      url: `${url.pathname}${url.search}`,
      requestContentType: request.headers.get('content-type'),
      requestBody,
      status: response.status,
      responseContentType: response.headers.get('content-type'),
      responseBody,
    });
    return response;
  };
}
