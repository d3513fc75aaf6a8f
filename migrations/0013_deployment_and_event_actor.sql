-- The deployment's identity and who made each change. Safe while the previous version still serves:
--
-- * `deployment` holds one row, the uuid made once per database: without TICKWORK_PUBLIC_URL a CloudEvent's source is
--   `urn:tickwork:<uuid>:<tenant>`, so two deployments (whose event ids both start at 1) never send the same
--   (source, id) pair for different events. gen_random_uuid() is built into PostgreSQL 13+ and PGlite.
-- * events.actor is a new nullable column (domain/event.ts `Actor`: the API key, or the engine): the previous version
--   does not write it, and events from before this migration keep null ("not recorded").
CREATE TABLE IF NOT EXISTS deployment (
  -- The one row: a primary key that can only be true.
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  created_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO deployment DEFAULT VALUES ON CONFLICT (singleton) DO NOTHING;

ALTER TABLE events ADD COLUMN IF NOT EXISTS actor jsonb;
