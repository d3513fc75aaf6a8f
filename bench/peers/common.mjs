/* global process, fetch, console, setTimeout */
// Shared by the peer scripts: run inside bench/.peers/ (copied there by bench/peers.ts), so bare imports resolve to
// the peers' own node_modules, never the product's.

/** argv: <role> <spec as JSON>. */
export function args() {
  const [role, json] = process.argv.slice(2);
  if (role === undefined || json === undefined) throw new Error('usage: <role> <spec json>');
  return { role, spec: JSON.parse(json) };
}

/** Job i's URL: the target counts hits per `t` and measures lateness from `due`. */
export function jobs(spec) {
  return Array.from({ length: spec.n }, (_, i) => {
    const due = spec.t0 === null ? 0 : Math.round(spec.t0 + i * spec.stepMs);
    return { url: `${spec.target}/?t=${i}&due=${due}`, due };
  });
}

/** The job itself: one keep-alive GET (Node's fetch keeps connections alive by default). */
export async function call(url) {
  const r = await fetch(url);
  await r.arrayBuffer();
  if (!r.ok) throw new Error(`target answered ${r.status}`);
}

/** Polls `completed()` every 50 ms until it reaches n, then prints the time it did. */
export async function waitDone(n, completed, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if ((await completed()) >= n) {
      console.log(JSON.stringify({ doneAt: Date.now() }));
      return;
    }
    if (Date.now() > deadline) throw new Error(`jobs did not complete in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function ready() {
  console.log('ready');
}

export function fail(err) {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
}
