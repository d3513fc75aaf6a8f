import type { Config } from '../config.ts';
import { trustedCas } from './trusted-cas.ts';
import { createHttpExecutor, createRegexPool } from '../executors/index.ts';
import type { CheckRunner } from './monitor-checks.ts';

/**
 * Most bytes of a monitored page that are read and matched against its regexp: bounds the work one match can do
 * (with the regex pool's time limit, a catastrophic pattern costs one pool slot for at most that time).
 */
export const MONITOR_BODY_BYTES = 256 * 1024;

/** Builds the check runner of a worker process: its own connection pool and its own regex pool. */
export function createMonitorCheckRunner(config: Config): { check: CheckRunner; close(): Promise<void> } {
  const regexPool = createRegexPool({ size: config.monitorRegexWorkers, timeoutMs: config.monitorRegexTimeoutMs });
  const http = createHttpExecutor({
    allowPrivate: config.allowPrivateTargets,
    maxResponseBytes: Math.min(config.maxResponseBytes, MONITOR_BODY_BYTES),
    maxRedirects: 5,
    userAgent: 'tickwork-monitor/0.1 (+https://github.com/tickwork)',
    connections: Math.max(16, config.monitorConcurrency),
    ...trustedCas(config),
    regexPool,
  });
  return {
    check: (req, signal) => http.check(req, signal),
    async close() {
      await http.close();
      await regexPool.close();
    },
  };
}
