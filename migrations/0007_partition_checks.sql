-- tickwork schema v7: checks, the largest table, partitioned by UTC day of checked_at. Pruning past the retention
-- drops whole days (no dead tuples, no vacuum debt, no long DELETE); only the day that straddles the cut-off is
-- deleted row by row, in small batches. Reads stay on the same indexes, per partition: a monitor's history walks
-- (monitor_id, id DESC), and a since/until filter only visits the days it covers.
-- Partitions are created ahead by tw_ensure_check_partitions() (called by the checkers' maintenance loop); a row of
-- a day without one lands in checks_default and is moved into its day when that day's partition is made.

ALTER TABLE checks RENAME TO checks_unpartitioned;
ALTER INDEX checks_pkey RENAME TO checks_unpartitioned_pkey;
ALTER INDEX checks_monitor_id RENAME TO checks_unpartitioned_monitor_id;
ALTER INDEX checks_checked_at RENAME TO checks_unpartitioned_checked_at;

CREATE TABLE checks (
  id bigint NOT NULL DEFAULT nextval('checks_id_seq'),
  monitor_id bigint NOT NULL REFERENCES monitors (id),
  tenant_id text NOT NULL,
  checked_at timestamptz NOT NULL,
  status_code integer,
  latency_ms integer NOT NULL,
  matched boolean,
  ok boolean NOT NULL,
  error text,
  error_kind text,
  cert_days_left real,
  -- A unique key of a partitioned table must hold the partition key; ids alone stay unique by the sequence.
  PRIMARY KEY (id, checked_at)
) PARTITION BY RANGE (checked_at);
CREATE INDEX checks_monitor_id ON checks (monitor_id, id DESC);
CREATE INDEX checks_checked_at ON checks (checked_at);
CREATE TABLE checks_default PARTITION OF checks DEFAULT;

ALTER SEQUENCE checks_id_seq OWNED BY checks.id;

-- Creates the partitions of the days from `behind_days` ago to `ahead_days` ahead (by tw_now(), UTC), and of every
-- day that has rows in checks_default (moving them in). Serialised by an advisory lock, so any number of processes
-- may call it. Returns how many partitions it made.
CREATE FUNCTION tw_ensure_check_partitions(ahead_days integer, behind_days integer DEFAULT 0) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  day date;
  name text;
  made integer := 0;
BEGIN
  PERFORM pg_advisory_xact_lock(7310551002);
  -- ATTACH locks checks_default exclusively: give up (and retry at the next round) rather than queue every writer.
  PERFORM set_config('lock_timeout', '2s', true);
  FOR day IN
    SELECT d::date FROM generate_series((tw_now() AT TIME ZONE 'UTC')::date - behind_days,
                                        (tw_now() AT TIME ZONE 'UTC')::date + ahead_days, interval '1 day') AS d
    UNION
    SELECT DISTINCT (checked_at AT TIME ZONE 'UTC')::date FROM checks_default
  LOOP
    name := 'checks_' || to_char(day, 'YYYYMMDD');
    CONTINUE WHEN to_regclass(name) IS NOT NULL;
    EXECUTE format('CREATE TABLE %I (LIKE checks INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', name);
    EXECUTE format(
      'WITH moved AS (DELETE FROM checks_default WHERE checked_at >= %L AND checked_at < %L RETURNING *)
       INSERT INTO %I SELECT * FROM moved',
      (day::timestamp AT TIME ZONE 'UTC'), ((day + 1)::timestamp AT TIME ZONE 'UTC'), name);
    EXECUTE format('ALTER TABLE checks ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)',
      name, (day::timestamp AT TIME ZONE 'UTC'), ((day + 1)::timestamp AT TIME ZONE 'UTC'));
    made := made + 1;
  END LOOP;
  RETURN made;
END
$$;

-- Drops the partitions whose whole day lies before `before` (past the retention) and returns how many. Rows of
-- the day that straddles it are left to the batched delete.
CREATE FUNCTION tw_drop_check_partitions(before timestamptz) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  part record;
  dropped integer := 0;
BEGIN
  PERFORM pg_advisory_xact_lock(7310551002);
  -- DROP locks checks exclusively for an instant: give up (and retry at the next round) rather than queue readers.
  PERFORM set_config('lock_timeout', '2s', true);
  FOR part IN
    SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = 'checks'::regclass AND c.relname ~ '^checks_[0-9]{8}$'
       AND (to_date(substr(c.relname, 8), 'YYYYMMDD') + 1)::timestamp AT TIME ZONE 'UTC' <= before
  LOOP
    EXECUTE format('DROP TABLE %I', part.relname);
    dropped := dropped + 1;
  END LOOP;
  RETURN dropped;
END
$$;

INSERT INTO checks SELECT * FROM checks_unpartitioned;
DROP TABLE checks_unpartitioned;
SELECT tw_ensure_check_partitions(3);
