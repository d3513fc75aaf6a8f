import { lateness, pgliteMode, postgresMode, throughput, workerStatements } from './engine.ts';
import { startup } from './startup.ts';
import { soak } from './soak.ts';
import { relayLag, relayThroughput } from './events.ts';
import { createBatchRate, singleCreateAndRead } from './api.ts';
import { monitorsScenario } from './monitors.ts';
import { peersScenario } from './peers.ts';
import type { Figure } from './support.ts';

/**
 * `npm run bench`: every figure the issues set a target for, printed as JSON lines and then a table.
 * PostgreSQL figures need BENCH_DATABASE_URL or TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test).
 * Pick scenarios with `npm run bench -- startup pglite-throughput ...`.
 */
const scenarios: Record<string, () => Promise<Figure[]>> = {
  startup: () => startup(18_100),
  'postgres-throughput': () => throughput(postgresMode, 10_000, 18_110, 3_000),
  'postgres-lateness': () => lateness(postgresMode, 2_000, 10, 18_120, 5, 25),
  // Idle: 12 tasks 2.5 s apart, each failing its first attempt, so nothing but the retry itself can wake the worker.
  'postgres-retry-idle': () => lateness(postgresMode, 12, 30, 18_290, 5, 25, 1),
  'pglite-throughput': () => throughput(pgliteMode, 5_000, 18_130, 1_000),
  'pglite-lateness': () => lateness(pgliteMode, 2_000, 10, 18_140, 5, 50),
  'events-throughput': () => relayThroughput(),
  peers: () => peersScenario(),
  'events-lag': () => relayLag(),
  monitors: () => monitorsScenario(18_150),
  soak: () => soak(18_160),
  'create-batch': () => createBatchRate(18_260),
  'create-single': () => singleCreateAndRead(18_270),
  'worker-statements': () => workerStatements(2_000, 18_280),
};

const chosen = process.argv.slice(2).filter((a) => a !== '--');
// The soak runs for minutes (SOAK_S): only when named.
const names = chosen.length > 0 ? chosen : Object.keys(scenarios).filter((n) => n !== 'soak');
const figures: Figure[] = [];
for (const name of names) {
  const run = scenarios[name];
  if (run === undefined) {
    console.error(`unknown scenario ${name}; known: ${Object.keys(scenarios).join(', ')}`);
    process.exit(2);
  }
  try {
    figures.push(...(await run()));
  } catch (err) {
    console.error(`${name} failed: ${err instanceof Error ? err.message : String(err)}`);
    figures.push({ name, value: NaN, unit: '', target: '', pass: false, note: 'failed to run' });
  }
}
console.log('\n| figure | value | target | met |\n|---|---|---|---|');
for (const f of figures) {
  console.log(`| ${f.name}${f.note ? ` (${f.note})` : ''} | ${f.value} ${f.unit} | ${f.target} | ${f.pass ? 'yes' : 'NO'} |`);
}
