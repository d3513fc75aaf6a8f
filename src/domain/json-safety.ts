import type { FieldError } from './errors.ts';
import { MAX_JSON_DEPTH, unstorableText } from './storable-text.ts';

/**
 * What any inbound JSON document (an HTTP body, an AMQP command) must satisfy before its fields are looked at, so
 * that nothing a client sends can fail later in the database or the serialiser: PostgreSQL's `text` and `jsonb`
 * cannot hold U+0000 and refuse lone surrogates, a document nested thousands deep overflows recursive code, and
 * `1e400` parses to Infinity, which JSON cannot carry back. One definition, used by every door.
 */

export { MAX_JSON_DEPTH, unstorableText };

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
