/**
 * Text from outside (a target's body, headers, status text, error messages that echo them) made storable: PostgreSQL's
 * `text` and `jsonb` cannot hold U+0000, `jsonb` refuses lone surrogates (JSON.stringify writes them as `\udXXX`), and
 * bytes that are not UTF-8 are no text at all. Everything a target sends passes through here before it reaches a
 * column, an event or the API's JSON, so one byte cannot fail the write that records it (FAULTS R15).
 *
 * Decision: every such character becomes U+FFFD (the replacement character), the same one the UTF-8 decoder puts for
 * invalid bytes — one visible mark for "a character that could not be kept", rather than an escape (`\0`) that would
 * be indistinguishable from a target that sent those two characters.
 */

export const REPLACEMENT = '\uFFFD';

// A surrogate half without its partner; with NUL, what text columns cannot hold.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UNSTORABLE = new RegExp(`\\u0000|${LONE_SURROGATE.source}`, 'g');

/**
 * Why `s` cannot be stored as text as it is, or null: the one definition of storable text, used to refuse it from
 * clients (domain/json-safety.ts) and to repair it from targets (storableText).
 */
export function unstorableText(s: string): string | null {
  if (s.includes('\u0000')) return 'must not contain the NUL character (U+0000)';
  if (LONE_SURROGATE.test(s)) return 'must be valid Unicode text (it contains a lone surrogate)';
  return null;
}

/** `s` with NUL and lone surrogates replaced by U+FFFD; the same string when there is nothing to replace. */
export function storableText(s: string): string {
  return unstorableText(s) === null ? s : s.replace(UNSTORABLE, REPLACEMENT);
}

/** Deepest JSON nesting accepted from clients and kept from targets (task and monitor input is at most 5 deep). */
export const MAX_JSON_DEPTH = 64;
const MAX_DEPTH = MAX_JSON_DEPTH;

/**
 * A JSON value with every string and key made storable and every number finite (others become null, as
 * JSON.stringify would write them); values nested deeper than 64 levels become null. Returns `value` itself when
 * nothing needed changing, so the common case costs one walk and no copy.
 */
export function storableJson(value: unknown): unknown {
  return clean(value, 0);
}

function clean(v: unknown, depth: number): unknown {
  if (typeof v === 'string') return storableText(v);
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v !== 'object' || v === null) return v;
  if (depth >= MAX_DEPTH) return null;
  if (Array.isArray(v)) {
    let changed = false;
    const out = v.map((item: unknown) => {
      const c = clean(item, depth + 1);
      if (c !== item) changed = true;
      return c;
    });
    return changed ? out : v;
  }
  if (v instanceof Date) return v;
  let changed = false;
  const out: Record<string, unknown> = {};
  for (const [k, item] of Object.entries(v)) {
    const key = storableText(k);
    const c = clean(item, depth + 1);
    if (key !== k || c !== item) changed = true;
    out[key] = c;
  }
  return changed ? out : v;
}

/** What is kept of a body: text when the bytes were UTF-8 text, else a readable rendering marked `binary`. */
export interface BodyExcerpt {
  text: string;
  /** The bytes were not UTF-8 text (invalid sequences or NUL): `text` shows them with U+FFFD in their place. */
  binary: boolean;
}

/**
 * The first `max` bytes of a body as storable text. A sequence cut at `max` is dropped rather than replaced (it
 * was not invalid, only cut). UTF-8 text without NUL is kept exactly; anything else is decoded with replacement,
 * NUL replaced too, and marked `binary`.
 */
export function bodyExcerpt(bytes: Uint8Array, max: number): BodyExcerpt {
  const head = bytes.subarray(0, max);
  // stream: true holds back an incomplete sequence at the end instead of calling it invalid. A decoder per call:
  // a fatal one that threw is left in no defined state.
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
  } catch {
    return { text: storableText(new TextDecoder('utf-8').decode(head, { stream: true })), binary: true };
  }
  return text.includes('\u0000') ? { text: storableText(text), binary: true } : { text, binary: false };
}
