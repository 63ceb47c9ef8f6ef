--liquibase formatted sql

-- appointment by month of starts_at (docs/operations.md, "Partitions and retention"). No default partition: the
-- patient timeline reads newest first with a LIMIT, and only partitions without a default one let the planner read
-- the months in order and stop early. Months exist from the oldest appointment to 24 months ahead (the scheduler keeps
-- it so); booking beyond that fails until the month is created. Everything the table has at this point (columns,
-- generated columns, indexes, triggers, policies, grants, whatever 0xx changeSets added) is carried over from the
-- catalog by ps_partition_by_month; the primary key becomes (id, starts_at).

--changeset patient-search:112-appointment-by-month
SELECT ps_partition_by_month('appointment', 'starts_at', 24, false);
--rollback SELECT ps_unpartition('appointment', 'starts_at', 'id', 'BY DEFAULT');
