import { readFileSync } from 'node:fs';
import { ADMIN_KEY, SECRET_KEY, freshDataDir, report, spawnTickwork, waitHealthy, type Figure } from './support.ts';

/** A figure of /proc/<pid>/status in MB: VmRSS (now) or VmHWM (the peak so far). */
export function statusMb(pid: number | undefined, field: 'VmRSS' | 'VmHWM'): number {
  if (pid === undefined) return NaN;
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m?.[1] === undefined ? NaN : Math.round(Number(m[1]) / 1024);
}

/**
 * CPU seconds (user + system) the process has used so far, from /proc/<pid>/stat: less swayed by a loaded machine
 * than wall time, so an A/B of start-up work holds on a shared machine.
 */
export function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of stat(5), in clock ticks (100 a second on Linux).
  return Math.round(((Number(fields[11]) + Number(fields[12])) / 100) * 100) / 100;
}

export const embeddedEnv = (port: number, dataDir: string): Record<string, string> => ({
  PORT: String(port),
  HOST: '127.0.0.1',
  TICKWORK_DATA_DIR: dataDir,
  TICKWORK_ADMIN_KEY: ADMIN_KEY,
  TICKWORK_ALLOW_PRIVATE_TARGETS: 'true',
  TICKWORK_RATE_LIMIT: '10000000',
  TICKWORK_SECRET_KEY: SECRET_KEY,
});

/**
 * `npx tsx bench/run.ts startup`: `tickwork start` on a fresh data dir to healthy (time, peak RSS), then again on the
 * existing one (time, peak RSS, and RSS after `settleS` seconds idle). The targets are issue 11's.
 */
export async function startup(port: number, settleS = 10): Promise<Figure[]> {
  const data = freshDataDir();
  try {
    const first = spawnTickwork(['start'], embeddedEnv(port, data.dir));
    const t1 = Date.now();
    await waitHealthy(`http://127.0.0.1:${port}`, 120_000);
    const firstMs = Date.now() - t1;
    const firstPeak = statusMb(first.child.pid, 'VmHWM');
    const firstCpu = cpuSeconds(first.child.pid);
    await first.stop();
    const again = spawnTickwork(['start'], embeddedEnv(port, data.dir));
    const t2 = Date.now();
    await waitHealthy(`http://127.0.0.1:${port}`, 60_000);
    const secondMs = Date.now() - t2;
    const secondCpu = cpuSeconds(again.child.pid);
    await new Promise((r) => setTimeout(r, settleS * 1000));
    const steady = statusMb(again.child.pid, 'VmRSS');
    const secondPeak = statusMb(again.child.pid, 'VmHWM');
    await again.stop();
    return [
      report({ name: 'first start (fresh data dir) to healthy', value: firstMs, unit: 'ms', target: '<= 5000', pass: firstMs <= 5000, note: `${firstCpu} s CPU` }),
      report({ name: 'peak RSS of the first start', value: firstPeak, unit: 'MB', target: '<= 500', pass: firstPeak <= 500 }),
      report({ name: 'start on an existing data dir to healthy', value: secondMs, unit: 'ms', target: '<= 3000', pass: secondMs <= 3000, note: `${secondCpu} s CPU, peak RSS ${secondPeak} MB` }),
      report({ name: `steady RSS, idle ${settleS} s after start`, value: steady, unit: 'MB', target: '<= 300', pass: steady <= 300 }),
    ];
  } finally {
    data.drop();
  }
}
