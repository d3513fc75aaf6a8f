/** Thrown by a check to stop waiting at once: the condition can no longer come true (e.g. the process exited). */
export class GiveUp extends Error {}

/**
 * The one wait of the tests: polls `check` until it returns a truthy value and returns that, or fails with `what`
 * after `timeoutMs` (a deadline, never an assertion on timing). A check that throws is tried again (the last error
 * is reported), unless it throws GiveUp.
 */
export async function waitFor<T>(
  what: string,
  check: () => T | null | undefined | false | Promise<T | null | undefined | false>,
  timeoutMs = 20_000,
  everyMs = 25,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== null && v !== undefined && v !== false) return v;
    } catch (err) {
      if (err instanceof GiveUp) throw err;
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
