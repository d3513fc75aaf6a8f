-- tickwork schema v5: heartbeat monitors (a dead man's switch: the watched job pings in), JSON assertions on
-- checked bodies, and TLS certificate expiry on https checks. Plain SQL for PostgreSQL >= 14 and PGlite.

ALTER TABLE monitors DROP CONSTRAINT monitors_type_check;
ALTER TABLE monitors ADD CONSTRAINT monitors_type_check CHECK (type IN ('http', 'heartbeat'));
-- A heartbeat monitor calls nothing, so it has no url; an http monitor always has one.
ALTER TABLE monitors ALTER COLUMN url DROP NOT NULL;
ALTER TABLE monitors ADD CONSTRAINT monitors_url_by_type CHECK ((type = 'http') = (url IS NOT NULL));

-- Heartbeats: a ping is due every `interval_s` (the period); `grace_s` more is allowed before it counts as missed.
-- next_check_at is then the deadline of the next ping: the checker claims a heartbeat whose deadline passed and
-- records a failed check ("no ping"); a ping records an ok check and moves the deadline.
-- The ping token is the secret of /v1/ping/{token}: looked up by its SHA-256 (unique), and kept sealed under
-- TICKWORK_SECRET_KEY so the owner can read the ping URL again.
ALTER TABLE monitors ADD COLUMN grace_s integer CHECK (grace_s >= 0);
ALTER TABLE monitors ADD COLUMN ping_token_hash text;
ALTER TABLE monitors ADD COLUMN ping_token_enc text;
ALTER TABLE monitors ADD COLUMN last_ping_at timestamptz;
CREATE UNIQUE INDEX monitors_ping_token_hash ON monitors (ping_token_hash) WHERE ping_token_hash IS NOT NULL;

-- {"path": "$.status", "equals": "ok"}: the body must be JSON with this value at this path.
ALTER TABLE monitors ADD COLUMN expect_json jsonb;

-- The certificate the https target presented at the latest check, and the expiry a `monitor.cert_expiring` was
-- last written for: one notice per certificate (a renewed one has another expiry and is announced again).
ALTER TABLE monitors ADD COLUMN cert_expires_at timestamptz;
ALTER TABLE monitors ADD COLUMN cert_notice_for timestamptz;

-- Days left on the certificate at the time of the check (https only), to one decimal.
ALTER TABLE checks ADD COLUMN cert_days_left real;
