import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ADMIN_KEY, createTasks, freshDataDir, report, spawnTickwork, startTarget, waitHealthy, type Figure } from './support.ts';
import { embeddedEnv, statusMb } from './startup.ts';

/** Disk use of `path` in MB (du -sk), as an operator would measure it. */
function duMb(path: string): number {
  const r = spawnSync('du', ['-sk', path], { encoding: 'utf8' });
  return Math.round(Number(r.stdout.split('\t')[0]) / 1024);
}

/** The process's V8 heap and external memory (ArrayBuffers: PGlite's WebAssembly heap is one) in MB, from /metrics. */
async function memoryMb(base: string): Promise<{ heap: number; external: number }> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const mb = (name: string): number => Math.round(Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN) / 1048576);
  return { heap: mb('nodejs_heap_size_total_bytes'), external: mb('nodejs_external_memory_bytes') };
}

/**
 * `SOAK_S=600 npx tsx bench/run.ts soak`: the embedded service (`tickwork start`, PGlite) under issue 11's soak load,
 * 100 tasks every second and 50 monitors every 5 s (110 calls/s) against a local target, for SOAK_S seconds
 * (default 300; SOAK_NODE_ARGS: node flags for the service). Samples RSS every 10 s; at the end reports the calls made, peak and final RSS, and the data
 * directory's and pg_wal's size (du).
 */
export async function soak(port: number, seconds = Number(process.env.SOAK_S ?? 300)): Promise<Figure[]> {
  const target = await startTarget();
  const data = freshDataDir();
  // SOAK_NODE_ARGS (e.g. "--liftoff-only") are node flags for the service, for A/B runs of memory settings.
  const nodeArgs = (process.env.SOAK_NODE_ARGS ?? '').split(' ').filter((a) => a !== '');
  const svc = spawnTickwork(['start'], embeddedEnv(port, data.dir), nodeArgs);
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitHealthy(base, 120_000);
    await createTasks(base, Array.from({ length: 100 }, (_, i) => ({ interval: 1, http: { url: `${target.url}/?t=task${i}`, timeout_ms: 5_000 } })));
    for (let i = 0; i < 50; i++) {
      const r = await fetch(`${base}/v1/monitors`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ url: `${target.url}/?t=monitor${i}`, interval: 5 }),
      });
      if (r.status !== 201) throw new Error(`monitor create failed: ${r.status} ${await r.text()}`);
    }
    const calls = (): number => [...target.arrivals.values()].reduce((n, a) => n + a.length, 0);
    const startCalls = calls();
    const started = Date.now();
    const rss: number[] = [];
    let last = { heap: NaN, external: NaN };
    while (Date.now() - started < seconds * 1000) {
      await new Promise((r) => setTimeout(r, 10_000));
      const now = statusMb(svc.child.pid, 'VmRSS');
      rss.push(now);
      const wal = duMb(join(data.dir, 'pg_wal'));
      last = await memoryMb(base);
      process.stderr.write(
        `soak ${Math.round((Date.now() - started) / 1000)} s: ${calls() - startCalls} calls, RSS ${now} MB (V8 heap ${last.heap} MB, external ${last.external} MB), data ${duMb(data.dir)} MB, pg_wal ${wal} MB\n`,
      );
    }
    const elapsed = (Date.now() - started) / 1000;
    const made = calls() - startCalls;
    const peak = statusMb(svc.child.pid, 'VmHWM');
    const final = rss.at(-1) ?? NaN;
    const dataMb = duMb(data.dir);
    const walMb = duMb(join(data.dir, 'pg_wal'));
    const label = `soak ${Math.round(elapsed)} s, 100 tasks/1 s + 50 monitors/5 s${nodeArgs.length > 0 ? ` (node ${nodeArgs.join(' ')})` : ''}`;
    return [
      report({ name: `${label}: calls per second`, value: Math.round((made / elapsed) * 10) / 10, unit: 'calls/s', target: '110', pass: made / elapsed >= 104.5 }),
      report({ name: `${label}: RSS at the end`, value: final, unit: 'MB', target: '<= 300', pass: final <= 300, note: `peak ${peak} MB, min ${Math.min(...rss)} MB; V8 heap ${last.heap} MB, external (WebAssembly heap) ${last.external} MB` }),
      report({ name: `${label}: data dir size`, value: dataMb, unit: 'MB', target: 'report', pass: true, note: `pg_wal ${walMb} MB` }),
    ];
  } finally {
    await svc.stop();
    await target.close();
    data.drop();
  }
}
