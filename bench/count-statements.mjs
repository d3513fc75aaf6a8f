/* global process */
// Preloaded into the worker process by the worker-statements scenario (node --import): counts every round trip
// node-postgres makes, by statement name (or the first words of its text), and the process's CPU, and writes them to
// $BENCH_COUNT_OUT when the process exits (and to $BENCH_COUNT_OUT.base on SIGUSR2, the start of the measured run).
// The bundle imports the same CommonJS `pg`, so it uses the patched client.
import { writeFileSync } from 'node:fs';
import pg from 'pg';

const counts = Object.create(null);
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function (config, values, callback) {
  const raw = typeof config === 'string' ? config : (config && (config.name || config.text)) || '?';
  const key = String(raw).replace(/\s+/g, ' ').slice(0, 60);
  counts[key] = (counts[key] || 0) + 1;
  return query.call(this, config, values, callback);
};
const dump = (file) => writeFileSync(file, JSON.stringify({ counts, cpu: process.cpuUsage() }));
process.on('SIGUSR2', () => dump(`${process.env.BENCH_COUNT_OUT}.base`));
process.on('exit', () => dump(process.env.BENCH_COUNT_OUT));
