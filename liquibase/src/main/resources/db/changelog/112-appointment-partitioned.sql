--liquibase formatted sql

-- appointment by month of starts_at (docs/operations.md, "Partitions and retention"). Months exist from the oldest
-- appointment (and at least three years back) to 24 months ahead, which the scheduler keeps so; the default partition
-- takes anything else, and the scheduler moves such rows into their month once it exists. Everything the table has at
-- this point (columns, generated columns, indexes, triggers, policies, grants, whatever earlier changeSets added) is
-- carried over from the catalog by ps_partition_by_month; the primary key becomes (id, starts_at).

--changeset patient-search:112-appointment-by-month
SELECT ps_partition_by_month('appointment', 'starts_at', 36, 24);
--rollback SELECT ps_unpartition('appointment', 'starts_at', 'id', 'BY DEFAULT');
