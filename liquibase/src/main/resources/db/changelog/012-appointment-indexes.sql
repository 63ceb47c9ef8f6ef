--liquibase formatted sql

-- The front desk's lists are mostly of appointments still ahead (scheduled, confirmed, checked in): a partial index
-- holds only those, so a clinic's open schedule reads a fraction of the pages. AppointmentSearchSql spells the open
-- statuses out literally when the filter is within them, which is what lets the planner use it.

--changeset patient-search:012-appointment-open-clinic-idx runInTransaction:false
CREATE INDEX CONCURRENTLY IF NOT EXISTS appointment_open_clinic_idx
    ON appointment (clinic_id, starts_at, id) WHERE status IN ('scheduled', 'confirmed', 'checked_in');
--rollback DROP INDEX CONCURRENTLY IF EXISTS appointment_open_clinic_idx;
