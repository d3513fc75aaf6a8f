/**
 * The tenant-fair choice among due work, shared by the claims of task firings (claims.ts) and monitor checks
 * (checks.ts): the same rule as `chooseDue` in domain/tenant-slots.ts, in SQL. Each claim supplies its own `cand`
 * CTE (the earliest due rows of unsaturated tenants: id, tenant_id, due_at, at most CLAIM_CANDIDATES × the batch)
 * and locks what `pick` returns.
 */

/** How many due rows a claim considers per row it may take. */
export const CLAIM_CANDIDATES = 4;

/** Where the statement's parameters of the rule are ($n), so each claim keeps its own numbering. */
export interface FairParams {
  limit: string;
  tenants: string;
  allowances: string;
  inFlight: string;
  defaultAllowance: string;
}

/**
 * The `ranked` and `pick` CTEs: each tenant's rows ranked by due time, kept up to its allowance, ordered by calls in
 * flight + rank, then due time; twice the batch, so the lock that follows can step past rows being claimed by other
 * workers without looking up every candidate's row.
 */
export function fairPickCtes(p: FairParams): string {
  return `ranked AS (
       SELECT c.id, c.due_at, coalesce(a.in_flight, 0) AS in_flight, coalesce(a.allowance, ${p.defaultAllowance}) AS allowance,
              row_number() OVER (PARTITION BY c.tenant_id ORDER BY c.due_at, c.id) AS rank
         FROM cand c LEFT JOIN unnest(${p.tenants}::text[], ${p.allowances}::integer[], ${p.inFlight}::integer[]) AS a(tenant_id, allowance, in_flight)
              ON a.tenant_id = c.tenant_id
     ), pick AS (
       SELECT id, due_at, in_flight + rank AS score FROM ranked WHERE rank <= allowance
        ORDER BY score, due_at, id
        LIMIT ${p.limit}::integer * 2
     )`;
}
