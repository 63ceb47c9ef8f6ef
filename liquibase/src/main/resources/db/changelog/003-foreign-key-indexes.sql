--liquibase formatted sql

-- One index behind every foreign key (patient.clinic_id is covered by patient_clinic_mrn_uk).
-- The appointment ones lead with the key and go on with the time, so they also serve the timelines
-- and day schedules, newest or earliest first, with id as the keyset tie-breaker.

--changeset patient-search:003-provider-clinic-idx runInTransaction:false
CREATE INDEX CONCURRENTLY IF NOT EXISTS provider_clinic_idx ON provider (clinic_id);
--rollback DROP INDEX CONCURRENTLY IF EXISTS provider_clinic_idx;

--changeset patient-search:003-patient-merged-into-idx runInTransaction:false
CREATE INDEX CONCURRENTLY IF NOT EXISTS patient_merged_into_idx ON patient (merged_into_id);
--rollback DROP INDEX CONCURRENTLY IF EXISTS patient_merged_into_idx;

--changeset patient-search:003-contact-info-patient-idx runInTransaction:false
CREATE INDEX CONCURRENTLY IF NOT EXISTS contact_info_patient_idx ON contact_info (patient_id);
--rollback DROP INDEX CONCURRENTLY IF EXISTS contact_info_patient_idx;

--changeset patient-search:003-address-patient-idx runInTransaction:false
CREATE INDEX CONCURRENTLY IF NOT EXISTS address_patient_idx ON address (patient_id);
--rollback DROP INDEX CONCURRENTLY IF EXISTS address_patient_idx;

--changeset patient-search:003-appointment-patient-idx runInTransaction:false
CREATE INDEX CONCURRENTLY IF NOT EXISTS appointment_patient_starts_idx ON appointment (patient_id, starts_at, id);
--rollback DROP INDEX CONCURRENTLY IF EXISTS appointment_patient_starts_idx;

--changeset patient-search:003-appointment-provider-idx runInTransaction:false
CREATE INDEX CONCURRENTLY IF NOT EXISTS appointment_provider_starts_idx ON appointment (provider_id, starts_at, id);
--rollback DROP INDEX CONCURRENTLY IF EXISTS appointment_provider_starts_idx;

--changeset patient-search:003-appointment-clinic-idx runInTransaction:false
CREATE INDEX CONCURRENTLY IF NOT EXISTS appointment_clinic_starts_idx ON appointment (clinic_id, starts_at, id);
--rollback DROP INDEX CONCURRENTLY IF EXISTS appointment_clinic_starts_idx;
