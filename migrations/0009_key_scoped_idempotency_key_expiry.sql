-- Idempotency records scoped to the API key that made the request, with the stored response sealed; API keys that
-- expire. Safe while the previous version still serves:
--
-- * The previous version keeps reading and writing idempotency_keys with `ON CONFLICT (tenant_id, key)`, which
--   needs that primary key; a key-scoped uniqueness cannot live beside it in the same table (two API keys of one
--   tenant may use the same Idempotency-Key), so the new records get their own table. idempotency_keys holds
--   responses in plain text (new API keys' secrets, webhook secrets, ping tokens): its rows are deleted here and by
--   every pruning pass of this version, which never reads them; a later release drops the table once no previous
--   version serves. An old process loses only the replays of its own in-flight records meanwhile.
-- * expires_at is a new nullable column: the previous version ignores it (an expired key still works on an old
--   process until the rollout ends).
CREATE TABLE IF NOT EXISTS idempotency_records (
  api_key_id bigint NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
  key text NOT NULL,
  tenant_id text NOT NULL,
  -- HMAC-SHA256 (keyed by the API key's secret) of method, matched route, parameters, query and body: the same
  -- Idempotency-Key with another request is a 409.
  request_hash text NOT NULL,
  -- 0 while the first request is in progress.
  status_code integer NOT NULL,
  headers jsonb NOT NULL,
  -- The response body sealed under TICKWORK_SECRET_KEY (store/secrets.ts), never plain text: responses carry secrets.
  body text NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (api_key_id, key)
);
CREATE INDEX IF NOT EXISTS idempotency_records_created ON idempotency_records (created_at);
DELETE FROM idempotency_keys;

ALTER TABLE api_keys ADD COLUMN IF NOT EXISTS expires_at timestamptz;
