import type { Queryable } from './db.ts';

/**
 * Figures of the whole deployment, read from the database (not from one process's memory): exported by the process
 * that leads (engine/leadership.ts), so a sum across processes counts them once.
 */
export interface ClusterFigures {
  /** Work due by the database clock and not claimed: task firings (runs) and monitor checks. */
  backlog: { work: 'runs' | 'checks'; count: number; oldestSeconds: number }[];
  /** Live leases: runs in flight and monitors being checked, over every worker. */
  leases: { work: 'runs' | 'checks'; count: number }[];
  /** Active (not deleted) monitors by status: pending, up, down. */
  monitors: { state: string; count: number }[];
  /** Webhook deliveries waiting to be sent or retried. */
  webhookDeliveriesPending: number;
}

/**
 * One statement for every figure, so a scrape costs one round trip. Each part walks a partial index: pending runs
 * by due time (runs_pending_due), running runs by lease (runs_running_lease), active monitors (monitors_due), pending
 * deliveries (webhook_deliveries_pending) — their size is the live work, not the history.
 */
export async function readClusterFigures(db: Queryable): Promise<ClusterFigures> {
  const rows = await db.query<{ figure: string; label: string; n: number; oldest_s: number | null }>(
    `WITH clk AS MATERIALIZED (SELECT tw_now() AS now)
     SELECT 'backlog' AS figure, 'runs' AS label, count(*)::int AS n,
            extract(epoch FROM (SELECT now FROM clk) - min(due_at))::float8 AS oldest_s
       FROM runs WHERE status = 'pending' AND due_at <= (SELECT now FROM clk)
     UNION ALL
     SELECT 'backlog', 'checks', count(*)::int, extract(epoch FROM (SELECT now FROM clk) - min(next_check_at))::float8
       FROM monitors WHERE active AND next_check_at <= (SELECT now FROM clk)
        AND (lease_token IS NULL OR lease_expires_at < (SELECT now FROM clk))
     UNION ALL
     SELECT 'leases', 'runs', count(*)::int, NULL
       FROM runs WHERE status = 'running' AND lease_expires_at >= (SELECT now FROM clk)
     UNION ALL
     SELECT 'leases', 'checks', count(*)::int, NULL
       FROM monitors WHERE active AND lease_token IS NOT NULL AND lease_expires_at >= (SELECT now FROM clk)
     UNION ALL
     SELECT 'monitors', s.status, count(m.id)::int, NULL
       FROM (VALUES ('pending'), ('up'), ('down')) AS s (status)
       LEFT JOIN monitors m ON m.status = s.status AND m.active
      GROUP BY s.status
     UNION ALL
     SELECT 'deliveries', 'pending', count(*)::int, NULL FROM webhook_deliveries WHERE status = 'pending'`,
    [],
    'cluster_figures',
  );
  const out: ClusterFigures = { backlog: [], leases: [], monitors: [], webhookDeliveriesPending: 0 };
  for (const r of rows) {
    const work = r.label === 'runs' ? 'runs' : 'checks';
    if (r.figure === 'backlog') out.backlog.push({ work, count: r.n, oldestSeconds: Math.max(0, r.oldest_s ?? 0) });
    else if (r.figure === 'leases') out.leases.push({ work, count: r.n });
    else if (r.figure === 'monitors') out.monitors.push({ state: r.label, count: r.n });
    else if (r.figure === 'deliveries') out.webhookDeliveriesPending = r.n;
  }
  return out;
}
