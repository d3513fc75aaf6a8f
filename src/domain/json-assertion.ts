/**
 * JSON assertions of monitors (`expect_json: {"path": "$.status", "equals": "ok"}`): a small, safe subset of
 * JSONPath — `$`, then `.name`, `["name"]` / `['name']` and `[index]` steps — that selects one value. Nothing is
 * evaluated as code; the path is parsed once at creation (a bad one is a 400 naming `expect_json.path`).
 */

export type PathStep = string | number;

export interface JsonAssertion {
  path: string;
  /** The value the selected one must equal (deep equality); absent: the path must merely exist. */
  equals?: unknown;
}

export const MAX_PATH_LENGTH = 500;
const NAME = /^[A-Za-z_$][A-Za-z0-9_$-]*/;

/** Parses a path into its steps, or returns what is wrong with it. */
export function parseJsonPath(path: string): PathStep[] | string {
  if (path.length > MAX_PATH_LENGTH) return `must be at most ${MAX_PATH_LENGTH} characters`;
  if (!path.startsWith('$')) return 'must start with $ (e.g. $.status or $.checks[0].ok)';
  const steps: PathStep[] = [];
  let rest = path.slice(1);
  while (rest !== '') {
    if (rest.startsWith('.')) {
      const m = NAME.exec(rest.slice(1));
      if (m === null) return `expected a name after "." at "${rest}"`;
      steps.push(m[0]);
      rest = rest.slice(1 + m[0].length);
      continue;
    }
    const index = /^\[(\d{1,9})\]/.exec(rest);
    if (index !== null) {
      steps.push(Number(index[1]));
      rest = rest.slice(index[0].length);
      continue;
    }
    const quoted = /^\[(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')\]/.exec(rest);
    if (quoted !== null) {
      steps.push((quoted[1] ?? quoted[2] ?? '').replace(/\\(.)/g, '$1'));
      rest = rest.slice(quoted[0].length);
      continue;
    }
    return `unsupported syntax at "${rest}" (use .name, ["name"] or [index])`;
  }
  return steps;
}

/** The value at `steps`, or `undefined` when the path does not exist in `doc`. */
export function selectJson(doc: unknown, steps: readonly PathStep[]): unknown {
  let cur: unknown = doc;
  for (const step of steps) {
    if (typeof step === 'number') {
      if (!Array.isArray(cur) || step >= cur.length) return undefined;
      cur = cur[step];
    } else {
      if (cur === null || typeof cur !== 'object' || Array.isArray(cur) || !Object.hasOwn(cur, step)) return undefined;
      cur = (cur as Record<string, unknown>)[step];
    }
  }
  return cur;
}

/** Deep equality of two JSON values (object key order does not matter). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((v, i) => jsonEqual(v, b[i]));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b as object);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.hasOwn(b as object, k) && jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

export type AssertionVerdict = { ok: true } | { ok: false; error: string };

/** Judges a response body against an assertion: the body must be JSON, and the selected value as asked. */
export function assertJson(body: string, assertion: JsonAssertion): AssertionVerdict {
  const steps = parseJsonPath(assertion.path);
  if (typeof steps === 'string') return { ok: false, error: `expect_json path ${steps}` };
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch {
    return { ok: false, error: 'body is not JSON (expect_json needs a JSON body)' };
  }
  const value = selectJson(doc, steps);
  if (value === undefined) return { ok: false, error: `JSON has nothing at ${assertion.path}` };
  if (!('equals' in assertion)) return { ok: true };
  if (jsonEqual(value, assertion.equals)) return { ok: true };
  return { ok: false, error: `JSON at ${assertion.path} is ${clip(JSON.stringify(value))}, expected ${clip(JSON.stringify(assertion.equals))}` };
}

function clip(s: string): string {
  return s.length > 200 ? `${s.slice(0, 200)}…` : s;
}
