-- The settled horizon of the outbox: every event id at or below settled_id is committed or will never exist, so
-- readers that page by id (GET /v1/events, the stream) never step past an id an open transaction may still commit.
-- Filtering on txid < xmin alone is not enough: a transaction with an early xid can draw a larger id and commit
-- before a later one that drew a smaller id. gap_id/gap_xmax remember the first missing id and the snapshot's xmax
-- when it was first seen; once xmin passes that xmax, every transaction that could have held the id has ended.
CREATE TABLE event_horizon (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  settled_id bigint NOT NULL DEFAULT 0,
  gap_id bigint,
  gap_xmax text
);
INSERT INTO event_horizon (settled_id) SELECT coalesce(max(id), 0) FROM events;
