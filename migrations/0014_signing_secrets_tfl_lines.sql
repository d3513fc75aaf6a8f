-- Signed task calls and TfL line status. New tables only, so the previous version keeps serving while this one
-- rolls out (it ignores both).

-- One signing secret per tenant for task calls with `sign: true` (Standard Webhooks headers). Sealed under
-- TICKWORK_SECRET_KEY (AES-256-GCM, store/secrets.ts), never plain. After a rotation the previous secret also signs
-- until previous_secret_until (24 h), so targets can switch over without refusing a call.
CREATE TABLE IF NOT EXISTS signing_secrets (
  tenant_id text PRIMARY KEY REFERENCES tenants (id),
  -- For batches of "tickwork secrets reseal", which walk every kind of sealed value by a numeric id.
  id bigserial NOT NULL UNIQUE,
  secret_enc text NOT NULL,
  previous_secret_enc text,
  previous_secret_until timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  rotated_at timestamptz NOT NULL DEFAULT now()
);

-- The last known status of each line a TfL task watches: a change from good service to disrupted (or back) writes
-- tfl.disrupted (tfl.recovered) in the transaction that records the run (store/tfl-lines.ts). run_id is the run that
-- set it: an older run finishing late never moves the status back.
CREATE TABLE IF NOT EXISTS tfl_line_status (
  task_id bigint NOT NULL REFERENCES tasks (id),
  line text NOT NULL,
  tenant_id text NOT NULL,
  disrupted boolean NOT NULL,
  status text NOT NULL,
  description text,
  run_id bigint NOT NULL,
  changed_at timestamptz NOT NULL,
  checked_at timestamptz NOT NULL,
  PRIMARY KEY (task_id, line)
);
