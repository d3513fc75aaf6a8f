import { ProblemError, type FieldError } from './errors.ts';
import type { HttpActionJson } from './action.ts';

/**
 * The one rule for secret names (API.md "Secrets never come back") and the stored shape that keeps their values
 * sealed. A task's stored `action` holds `***` in place of every secret header value and URL query value, plus a
 * `sealed` member (the sealed JSON of the real values) that nothing renders: what is shown is what is stored, minus
 * `sealed`, so a rendering path cannot leak a secret by forgetting to redact. The executor opens `sealed` just
 * before the call.
 */

export const REDACTED = '***';

const EXACT_NAMES = new Set(['authorization', 'cookie', 'proxy-authorization']);
const NAME_PARTS = ['auth', 'token', 'secret', 'password', 'session', 'signature', 'credential', 'key'];

/** True when a header or URL query parameter of this name carries a secret (case-insensitive). */
export function isSecretName(name: string): boolean {
  const n = name.toLowerCase();
  return EXACT_NAMES.has(n) || NAME_PARTS.some((p) => n.includes(p));
}

/** The secret values of one action, as sealed into `sealed`: query values raw (still percent-encoded), in order. */
export interface SecretValues {
  headers: Record<string, string>;
  query: [name: string, value: string][];
}

/** Opens and seals with the key ring (store/secrets.ts), passed in so this module stays pure. */
export interface Sealer {
  seal(plain: string): string;
  open(sealed: string): string;
}

interface UrlParts {
  head: string;
  params: { raw: string; name: string; eq: number }[] | null;
  hash: string;
}

function decodeName(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw;
  }
}

/** Splits a URL's text around its query without re-encoding anything, so the URL put back together is the same. */
function splitUrl(url: string): UrlParts {
  const h = url.indexOf('#');
  const hash = h < 0 ? '' : url.slice(h);
  const rest = h < 0 ? url : url.slice(0, h);
  const q = rest.indexOf('?');
  if (q < 0) return { head: rest, params: null, hash };
  const params = rest
    .slice(q + 1)
    .split('&')
    .map((raw) => {
      const eq = raw.indexOf('=');
      return { raw, name: decodeName(eq < 0 ? raw : raw.slice(0, eq)), eq };
    });
  return { head: rest.slice(0, q + 1), params, hash };
}

function joinUrl(parts: UrlParts, values: string[]): string {
  if (parts.params === null) return parts.head + parts.hash;
  return parts.head + parts.params.map((p, i) => values[i] ?? p.raw).join('&') + parts.hash;
}

const valueOf = (p: { raw: string; eq: number }): string | null => (p.eq < 0 ? null : p.raw.slice(p.eq + 1));
const nameText = (p: { raw: string; eq: number }): string => (p.eq < 0 ? p.raw : p.raw.slice(0, p.eq));
const isRedacted = (v: string): boolean => v === REDACTED || decodeName(v) === REDACTED;

/** The URL with the value of every secret query parameter replaced by `***` (for display and for storage). */
export function redactUrl(url: string): string {
  const parts = splitUrl(url);
  if (parts.params === null) return url;
  return joinUrl(
    parts,
    parts.params.map((p) => {
      const v = valueOf(p);
      return v !== null && v !== '' && isSecretName(p.name) ? `${nameText(p)}=${REDACTED}` : p.raw;
    }),
  );
}

/** Header values with every secret one replaced by `***`. */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k] = isSecretName(k) ? REDACTED : v;
  return out;
}

/**
 * The action as shown in responses, events, webhooks and logs: never the `sealed` member, and the rule applied
 * again so a row stored before sealing existed (plain values) shows `***` too.
 */
export function shownHttpAction(action: HttpActionJson): HttpActionJson {
  return { ...withoutSealed(action), url: redactUrl(action.url), headers: redactHeaders(action.headers) };
}

function withoutSealed(action: HttpActionJson): HttpActionJson {
  const copy = { ...action };
  delete copy.sealed;
  return copy;
}

/** The real values of the secrets in `sealed`, or none. */
function openValues(action: HttpActionJson, sealer: Pick<Sealer, 'open'>): SecretValues {
  if (action.sealed === undefined) return { headers: {}, query: [] };
  const v = JSON.parse(sealer.open(action.sealed)) as Partial<SecretValues>;
  return { headers: v.headers ?? {}, query: v.query ?? [] };
}

/**
 * The action as the executor sends it: every `***` that stands for a sealed value replaced by that value. A value
 * stored in plain text (a row from before sealing) is used as it is.
 */
export function openHttpAction(action: HttpActionJson, sealer: Pick<Sealer, 'open'>): HttpActionJson {
  const plain = withoutSealed(action);
  if (action.sealed === undefined) return plain;
  const secrets = openValues(action, sealer);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(action.headers)) headers[k] = v === REDACTED ? (secrets.headers[k] ?? v) : v;
  const parts = splitUrl(action.url);
  let next = 0;
  const values = (parts.params ?? []).map((p) => {
    const v = valueOf(p);
    if (v === null || !isSecretName(p.name) || !isRedacted(v)) return p.raw;
    const real = secrets.query[next];
    next += 1;
    return real === undefined ? p.raw : `${nameText(p)}=${real[1]}`;
  });
  return { ...plain, headers, url: joinUrl(parts, values) };
}

/** A stored value for `name` (case-insensitive, exact spelling first) in the current real headers. */
function currentHeader(current: Record<string, string>, name: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(current, name)) return current[name];
  const lower = name.toLowerCase();
  return Object.entries(current).find(([k]) => k.toLowerCase() === lower)?.[1];
}

/**
 * Seals a validated action for storage. `action` holds the values the client sent; a secret value sent as `***`
 * keeps the value `current` (the stored action, opened only when needed) holds for that header, or for that query
 * parameter (same name, same occurrence). A `***` with nothing to keep is a 400 naming the field.
 */
export function sealHttpAction(action: HttpActionJson, current: HttpActionJson | null, sealer: Sealer): HttpActionJson {
  let opened: HttpActionJson | null | undefined;
  const currentReal = (): HttpActionJson | null => (opened ??= current === null ? null : openHttpAction(current, sealer));
  const errors: FieldError[] = [];
  const secrets: SecretValues = { headers: {}, query: [] };
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(action.headers)) {
    if (!isSecretName(k)) {
      headers[k] = v;
      continue;
    }
    const real = v === REDACTED ? currentHeader(currentReal()?.headers ?? {}, k) : v;
    if (real === undefined || real === REDACTED) {
      errors.push({ field: `http.headers.${k}`, message: `"${REDACTED}" keeps a stored value and this task has none for ${k}; send the value` });
      continue;
    }
    headers[k] = REDACTED;
    secrets.headers[k] = real;
  }
  const parts = splitUrl(action.url);
  const seen = new Map<string, number>();
  const values = (parts.params ?? []).map((p) => {
    const v = valueOf(p);
    if (v === null || v === '' || !isSecretName(p.name)) return p.raw;
    const n = seen.get(p.name) ?? 0;
    seen.set(p.name, n + 1);
    const real = isRedacted(v) ? currentQueryValue(currentReal(), p.name, n) : v;
    if (real === undefined || isRedacted(real)) {
      errors.push({ field: 'http.url', message: `"${REDACTED}" keeps a stored value and this task has none for query parameter ${p.name}; send the value` });
      return p.raw;
    }
    secrets.query.push([p.name, real]);
    return `${nameText(p)}=${REDACTED}`;
  });
  if (errors.length > 0) throw new ProblemError('invalid_field', 'A secret sent as "***" has no stored value to keep.', errors);
  const stored: HttpActionJson = { ...withoutSealed(action), headers, url: joinUrl(parts, values) };
  if (Object.keys(secrets.headers).length > 0 || secrets.query.length > 0) stored.sealed = sealer.seal(JSON.stringify(secrets));
  return stored;
}

/** The `n`-th value (0-based) of the query parameter `name` in the current real URL. */
function currentQueryValue(current: HttpActionJson | null, name: string, n: number): string | undefined {
  if (current === null) return undefined;
  const parts = splitUrl(current.url);
  const matching = (parts.params ?? []).filter((p) => p.name === name && valueOf(p) !== null);
  const p = matching[n];
  return p === undefined ? undefined : (valueOf(p) ?? undefined);
}

/** True when the stored action holds a secret in plain text (a row from before sealing): a reseal should seal it. */
export function hasPlainSecrets(action: HttpActionJson): boolean {
  if (Object.entries(action.headers).some(([k, v]) => isSecretName(k) && v !== REDACTED)) return true;
  return (splitUrl(action.url).params ?? []).some((p) => {
    const v = valueOf(p);
    return v !== null && v !== '' && isSecretName(p.name) && !isRedacted(v);
  });
}

/**
 * The action with its secrets sealed under the first key, or null when nothing needs writing: a `sealed` member
 * under an older key is opened and sealed again; plain secret values (a row from before sealing) are sealed now.
 */
export function resealHttpAction(action: HttpActionJson, box: Sealer & { isStale(sealed: string): boolean }): HttpActionJson | null {
  if (action.sealed !== undefined) {
    return box.isStale(action.sealed) ? { ...action, sealed: box.seal(box.open(action.sealed)) } : null;
  }
  if (!hasPlainSecrets(action)) return null;
  try {
    return sealHttpAction(action, null, box);
  } catch (err) {
    // A plain value that is literally "***" has no real value to seal; the row stays as it is.
    if (err instanceof ProblemError) return null;
    throw err;
  }
}
