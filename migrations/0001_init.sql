-- tickwork schema v1: tenants, API keys, tasks, runs (the work queue), events (the outbox), idempotency keys.
-- Plain SQL that runs on PostgreSQL >= 14 and on PGlite (PostgreSQL 18); nothing newer than 14 is used.

-- The one clock that decides what is due. Tests move it by setting tw_clock.offset_ms; production never does.
CREATE TABLE tw_clock (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  offset_ms bigint NOT NULL DEFAULT 0
);
INSERT INTO tw_clock DEFAULT VALUES;

CREATE FUNCTION tw_now() RETURNS timestamptz
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT now() + make_interval(secs => (SELECT offset_ms FROM tw_clock) / 1000.0)
$$;

-- Like tw_now() but advancing within a transaction: for lateness and durations measured inside one statement.
CREATE FUNCTION tw_clock_now() RETURNS timestamptz
LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
  SELECT clock_timestamp() + make_interval(secs => (SELECT offset_ms FROM tw_clock) / 1000.0)
$$;

CREATE TABLE tenants (
  id text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9_-]{0,62}$'),
  created_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO tenants (id) VALUES ('default');

-- Live (not deleted) tasks per tenant, kept by the statements that create and delete tasks, so the per-tenant cap
-- costs a sum over at most 16 rows instead of a count over the tenant's tasks. Spread over shards because one
-- counter row would serialise every create of a tenant behind the previous one's commit. A shard may go below
-- zero (a delete decrements any shard); only the sum means anything.
CREATE TABLE tenant_task_counts (
  tenant_id text NOT NULL REFERENCES tenants (id),
  shard smallint NOT NULL CHECK (shard BETWEEN 0 AND 15),
  n integer NOT NULL,
  PRIMARY KEY (tenant_id, shard)
);

CREATE TABLE api_keys (
  id bigserial PRIMARY KEY,
  tenant_id text NOT NULL REFERENCES tenants (id),
  name text NOT NULL,
  -- SHA-256 of the secret, hex: keys are 32 random bytes, so a slow hash buys nothing and costs every request.
  key_hash text NOT NULL UNIQUE,
  key_prefix text NOT NULL,
  scopes text[] NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX api_keys_tenant ON api_keys (tenant_id, id);

CREATE TABLE tasks (
  id bigserial PRIMARY KEY,
  tenant_id text NOT NULL REFERENCES tenants (id),
  title text,
  description text,
  -- The schedule: NULL (deadline only) or {"type":"once","at"} | {"type":"cron","expression","timezone"} |
  -- {"type":"interval","seconds"}. Kept as JSON because the engine reads it whole to plan the next firing.
  schedule jsonb,
  -- Where the fixed cadence of an interval schedule counts from: creation, the last schedule change, or resume.
  anchor_at timestamptz NOT NULL DEFAULT now(),
  -- The action: NULL | {"type":"http",...} | {"type":"tfl_line_status","lines":[...]}.
  action jsonb,
  expires_at timestamptz,
  notify_before integer NOT NULL DEFAULT 900,
  expiring_sent_at timestamptz,
  expired_sent_at timestamptz,
  retry_max_attempts integer NOT NULL DEFAULT 3,
  retry_backoff_s double precision NOT NULL DEFAULT 1,
  retry_max_backoff_s double precision NOT NULL DEFAULT 300,
  overlap text NOT NULL DEFAULT 'skip' CHECK (overlap IN ('skip', 'allow')),
  misfire text NOT NULL DEFAULT 'run_once' CHECK (misfire IN ('run_once', 'skip', 'run_all')),
  state text NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'paused', 'completed', 'expired')),
  next_run_at timestamptz,
  last_run_id bigint,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz
);
CREATE INDEX tasks_tenant_id ON tasks (tenant_id, id) WHERE deleted_at IS NULL;
CREATE INDEX tasks_tenant_state_id ON tasks (tenant_id, state, id) WHERE deleted_at IS NULL;
CREATE INDEX tasks_expiry_due ON tasks (expires_at) WHERE deleted_at IS NULL AND expires_at IS NOT NULL
  AND expired_sent_at IS NULL;

-- Runs are both the history and the work queue: a 'pending' row is a firing (or retry) waiting for due_at.
-- Every attempt of a firing is its own row; (task_id, scheduled_for, attempt) is unique, so one firing can never be
-- recorded twice (promise 1).
CREATE TABLE runs (
  id bigserial PRIMARY KEY,
  tenant_id text NOT NULL,
  task_id bigint NOT NULL REFERENCES tasks (id),
  scheduled_for timestamptz NOT NULL,
  attempt integer NOT NULL DEFAULT 1 CHECK (attempt >= 1),
  -- 'schedule' (planned by the schedule), 'manual' (trigger/retry from the API).
  origin text NOT NULL DEFAULT 'schedule' CHECK (origin IN ('schedule', 'manual')),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'succeeded', 'failed',
    'timed_out', 'abandoned', 'cancelled')),
  due_at timestamptz NOT NULL,
  started_at timestamptz,
  finished_at timestamptz,
  lease_token uuid,
  lease_expires_at timestamptz,
  worker_id text,
  late_ms integer,
  http_status integer,
  duration_ms integer,
  error text,
  result jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (task_id, scheduled_for, attempt)
);
-- The claim index: only pending rows, in due order. Small however long the history grows.
CREATE INDEX runs_pending_due ON runs (due_at) WHERE status = 'pending';
CREATE INDEX runs_running_lease ON runs (lease_expires_at) WHERE status = 'running';
CREATE INDEX runs_task_id ON runs (task_id, id DESC);
CREATE INDEX runs_tenant_id ON runs (tenant_id, id DESC);
CREATE INDEX runs_finished ON runs (finished_at) WHERE finished_at IS NOT NULL;

-- The outbox. `txid` lets readers stop below the oldest open transaction, because sequence values commit out of
-- order: an event is visible to the list, stream and relay only once no transaction that could still insert a
-- smaller id is open (promise 5).
CREATE TABLE events (
  id bigserial PRIMARY KEY,
  tenant_id text NOT NULL,
  type text NOT NULL,
  subject_kind text NOT NULL,
  subject_id bigint NOT NULL,
  data jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  txid xid8 NOT NULL DEFAULT pg_current_xact_id()
);
CREATE INDEX events_tenant_id ON events (tenant_id, id);
CREATE INDEX events_tenant_type_id ON events (tenant_id, type text_pattern_ops, id);

CREATE TABLE idempotency_keys (
  tenant_id text NOT NULL,
  key text NOT NULL,
  request_hash text NOT NULL,
  status_code integer NOT NULL,
  headers jsonb NOT NULL,
  body text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
