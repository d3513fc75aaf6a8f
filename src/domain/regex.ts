/** Rules for user-supplied regular expressions (`expect_body_regex`, a monitor's `regexp`). */

export const MAX_REGEX_LENGTH = 1000;

/**
 * Null when `pattern` is a usable JavaScript regular expression, else what is wrong with it. Only the syntax is
 * checked here; a pattern that backtracks catastrophically is contained when it runs (executors/regex-pool.ts).
 */
export function checkRegexSyntax(pattern: string): string | null {
  if (pattern.length > MAX_REGEX_LENGTH) return `must be at most ${MAX_REGEX_LENGTH} characters`;
  try {
    new RegExp(pattern);
    return null;
  } catch (err) {
    return `is not a valid regular expression: ${err instanceof Error ? err.message : String(err)}`;
  }
}
