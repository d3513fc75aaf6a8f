import type { FieldError } from './errors.ts';

/**
 * What any inbound JSON document (an HTTP body, an AMQP command) must satisfy before its fields are looked at, so
 * that nothing a client sends can fail later in the database or the serialiser: PostgreSQL's `text` and `jsonb`
 * cannot hold U+0000 and refuse lone surrogates, a document nested thousands deep overflows recursive code, and
 * `1e400` parses to Infinity, which JSON cannot carry back. One definition, used by every door.
 */

/** Deepest nesting accepted (objects and arrays); real task and monitor input is at most 5 deep. */
export const MAX_JSON_DEPTH = 64;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a string cannot be stored as text, or null. */
export function unstorableText(s: string): string | null {
  if (s.includes('\u0000')) return 'must not contain the NUL character (U+0000)';
  if (LONE_SURROGATE.test(s)) return 'must be valid Unicode text (it contains a lone surrogate)';
  return null;
}

/**
 * Every place in `value` that could not be stored or sent back: NUL or lone surrogates in a key or string, a number
 * that is not finite, nesting deeper than `maxDepth`. Fields are named as the client wrote them (`http.headers.X`,
 * `tasks[3].title`), under `root` when given. At most `limit` problems are reported.
 */
export function unsafeJsonProblems(value: unknown, root = '', maxDepth = MAX_JSON_DEPTH, limit = 20): FieldError[] {
  const out: FieldError[] = [];
  const visit = (v: unknown, path: string, depth: number): void => {
    if (out.length >= limit) return;
    if (typeof v === 'string') {
      const why = unstorableText(v);
      if (why !== null) out.push({ field: path || 'body', message: why });
      return;
    }
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) out.push({ field: path || 'body', message: 'must be a finite number' });
      return;
    }
    if (typeof v !== 'object' || v === null) return;
    if (depth >= maxDepth) {
      out.push({ field: path || 'body', message: `is nested deeper than ${maxDepth} levels` });
      return;
    }
    if (Array.isArray(v)) {
      v.forEach((item, i) => visit(item, `${path}[${i}]`, depth + 1));
      return;
    }
    for (const [k, item] of Object.entries(v)) {
      const field = path === '' ? k : `${path}.${k}`;
      const why = unstorableText(k);
      if (why !== null) {
        out.push({ field: path || 'body', message: `a key ${why}` });
        continue;
      }
      visit(item, field, depth + 1);
    }
  };
  visit(value, root, 0);
  return out;
}
