-- tickwork schema v2: URL monitors, their checks (history) and hourly rollups (uptime and latency figures).
-- Plain SQL that runs on PostgreSQL >= 14 and on PGlite (PostgreSQL 18).

-- A monitor is both configuration and its own work-queue entry: `next_check_at` is when it is next due (by tw_now()),
-- and (lease_token, lease_expires_at) is the claim of the worker checking it now. A lease that is not given back in
-- time simply lapses and the monitor is claimable again; the late worker's result is refused by its token.
CREATE TABLE monitors (
  id bigserial PRIMARY KEY,
  tenant_id text NOT NULL REFERENCES tenants (id),
  type text NOT NULL DEFAULT 'http' CHECK (type IN ('http')),
  url text NOT NULL,
  regexp text,
  method text NOT NULL DEFAULT 'GET',
  interval_s integer NOT NULL DEFAULT 60 CHECK (interval_s >= 1),
  timeout_ms integer NOT NULL DEFAULT 10000 CHECK (timeout_ms >= 1),
  expect_status integer[],
  failure_threshold integer NOT NULL DEFAULT 1 CHECK (failure_threshold >= 1),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'up', 'down')),
  -- Failed checks in a row; `failure_threshold` of them make the monitor down.
  consecutive_failures integer NOT NULL DEFAULT 0,
  active boolean NOT NULL DEFAULT true,
  next_check_at timestamptz,
  lease_token uuid,
  lease_expires_at timestamptz,
  -- The latest check as returned by the API, kept here so GET /v1/monitors/{id} never reads the checks table.
  last_check jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- One monitor per (tenant, url, regexp): creating it again returns (and reactivates) the existing one.
CREATE UNIQUE INDEX monitors_tenant_url_regexp ON monitors (tenant_id, url, coalesce(regexp, ''));
CREATE INDEX monitors_tenant_id ON monitors (tenant_id, id);
-- The claim index: only active monitors, in due order.
CREATE INDEX monitors_due ON monitors (next_check_at) WHERE active;

-- Every check, the largest table. Not partitioned: see the note in src/store/checks.ts. Read per monitor newest
-- first (the history list) and pruned oldest first in small batches past TICKWORK_RETENTION_DAYS.
CREATE TABLE checks (
  id bigserial PRIMARY KEY,
  monitor_id bigint NOT NULL REFERENCES monitors (id),
  tenant_id text NOT NULL,
  checked_at timestamptz NOT NULL,
  status_code integer,
  latency_ms integer NOT NULL,
  matched boolean,
  ok boolean NOT NULL,
  error text,
  error_kind text
);
CREATE INDEX checks_monitor_id ON checks (monitor_id, id DESC);
CREATE INDEX checks_checked_at ON checks (checked_at);

-- Per monitor per UTC hour: how many checks, how many ok, and a latency histogram (counts per bucket; the bucket
-- bounds are in src/store/monitors-model.ts). Maintained in the transaction that records the checks; uptime and
-- percentiles read at most 720 rows of it per monitor, however many checks there were. Kept when checks are pruned.
CREATE TABLE monitor_rollups (
  monitor_id bigint NOT NULL REFERENCES monitors (id),
  hour timestamptz NOT NULL,
  checks integer NOT NULL,
  ok integer NOT NULL,
  latency_buckets integer[] NOT NULL,
  PRIMARY KEY (monitor_id, hour)
);
CREATE INDEX monitor_rollups_hour ON monitor_rollups (hour);
-- A monitor's hours lie on as many pages as it has hours (every hour's rows are written together for all monitors),
-- so the 30-day counts are read from this covering index (an index-only scan) instead of 720 heap pages.
CREATE INDEX monitor_rollups_counts ON monitor_rollups (monitor_id, hour) INCLUDE (checks, ok);
