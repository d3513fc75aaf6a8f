/**
 * The value a test looked for (`items.find(…)`), or an error naming what is missing: the test fails there instead
 * of on a property of `undefined` further on.
 */
export function found<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`not found: ${what}`);
  return value;
}
