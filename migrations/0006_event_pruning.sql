-- Pruning of the outbox (DESIGN promise 8): an event with a pending webhook delivery is never pruned, so the pruner
-- asks per event whether one is pending. Only pending rows are indexed, so the index stays as small as the backlog.
CREATE INDEX IF NOT EXISTS webhook_deliveries_pending_event ON webhook_deliveries (event_id) WHERE status = 'pending';
