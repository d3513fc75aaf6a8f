-- Pruning of runs past the retention (DESIGN promise 8). The pruner walks finished runs oldest first by
-- (finished_at, id) and resumes each batch after the last row it looked at, so rows it must keep (a task's latest
-- firing) are passed over once per pass instead of being read again by every batch. The id makes the position exact
-- where many runs share one finished_at (a batch cancelled in one transaction). It replaces the finished_at index,
-- which nothing else reads.
CREATE INDEX IF NOT EXISTS runs_finished_id ON runs (finished_at, id) WHERE finished_at IS NOT NULL;
DROP INDEX IF EXISTS runs_finished;
