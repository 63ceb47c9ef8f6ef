--liquibase formatted sql

-- audit_event by month of "at" (docs/operations.md, "Partitions and retention": why months, not days). A default
-- partition catches events of a month nobody created (the scheduler creates them three months ahead): an audit write
-- must never fail for want of a partition. Every partition keeps the append-only triggers of 060: the row triggers
-- by inheritance, the TRUNCATE one copied by ps_create_month_partition, both again on a detached month.

--changeset patient-search:111-audit-event-by-month
SELECT ps_partition_by_month('audit_event', 'at', 0, 3);
--rollback SELECT ps_unpartition('audit_event', 'at', 'id', 'ALWAYS');
