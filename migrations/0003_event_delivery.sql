-- Event delivery: a wake-up on new events, one relay lease per deployment, a cursor per sink, webhooks and their
-- deliveries. Plain SQL for PostgreSQL >= 14 and PGlite.

-- Readers (the stream, the relay) sleep until an event commits. NOTIFY is sent at commit and de-duplicated within a
-- transaction, so one statement-level notice per insert costs nothing per row.
CREATE FUNCTION tw_events_notify() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('tw_events', '');
  RETURN NULL;
END
$$;
CREATE TRIGGER events_notify AFTER INSERT ON events FOR EACH STATEMENT EXECUTE FUNCTION tw_events_notify();

-- One publisher per deployment: the relay that holds this unexpired lease (renewed well before it ends) is the only
-- one that publishes; a cursor only moves while its holder's lease is live (FAULTS R13).
CREATE TABLE relay_lease (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  holder text,
  expires_at timestamptz NOT NULL DEFAULT '-infinity'
);
INSERT INTO relay_lease DEFAULT VALUES;

-- The last event id each sink has taken (confirmed by the broker, or fanned out to webhook deliveries). Events above
-- the smallest cursor must not be pruned.
CREATE TABLE sink_cursors (
  sink text PRIMARY KEY,
  last_event_id bigint NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE webhooks (
  id bigserial PRIMARY KEY,
  tenant_id text NOT NULL REFERENCES tenants (id),
  url text NOT NULL,
  -- Event types or prefixes ending in * ("run.*", "*").
  events text[] NOT NULL,
  -- Secrets are used again to sign, so they are stored encrypted (AES-256-GCM under TICKWORK_SECRET_KEY), never plain.
  secret_enc text NOT NULL,
  -- After a rotation the old secret also signs until previous_secret_until (24 h), so receivers can switch over.
  previous_secret_enc text,
  previous_secret_until timestamptz,
  state text NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'disabled')),
  failure_streak integer NOT NULL DEFAULT 0,
  disabled_reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz
);
CREATE INDEX webhooks_tenant_id ON webhooks (tenant_id, id) WHERE deleted_at IS NULL;

-- One row per (webhook, event): the relay fans events out into pending rows; the delivery loop sends each webhook's
-- oldest pending row first (its order is the event order) and retries it with backoff.
CREATE TABLE webhook_deliveries (
  id bigserial PRIMARY KEY,
  webhook_id bigint NOT NULL REFERENCES webhooks (id),
  tenant_id text NOT NULL,
  event_id bigint NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'dropped')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_attempt_at timestamptz,
  http_status integer,
  error text,
  duration_ms integer,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (webhook_id, event_id)
);
CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (webhook_id, event_id) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_webhook_id ON webhook_deliveries (webhook_id, id DESC);
