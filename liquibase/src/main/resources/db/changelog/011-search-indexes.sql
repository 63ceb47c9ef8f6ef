--liquibase formatted sql

-- One index per search path; docs/indexing.md maps each query to its index.

--changeset patient-search:011-patient-name-tokens-gin runInTransaction:false
-- Name search: one GIN lookup per candidate token, AND-ed across the query's tokens in a bitmap.
CREATE INDEX CONCURRENTLY IF NOT EXISTS patient_name_tokens_gin ON patient USING gin (name_tokens);
--rollback DROP INDEX CONCURRENTLY IF EXISTS patient_name_tokens_gin;

--changeset patient-search:011-patient-clinic-name-idx runInTransaction:false
-- Sort by name within a clinic (keyset on last, first, id), for the patients search shows by default.
CREATE INDEX CONCURRENTLY IF NOT EXISTS patient_clinic_name_idx
    ON patient (clinic_id, last_name_norm, first_name_norm, id) WHERE status <> 'merged';
--rollback DROP INDEX CONCURRENTLY IF EXISTS patient_clinic_name_idx;

--changeset patient-search:011-patient-dob-idx runInTransaction:false
CREATE INDEX CONCURRENTLY IF NOT EXISTS patient_dob_idx ON patient (date_of_birth);
--rollback DROP INDEX CONCURRENTLY IF EXISTS patient_dob_idx;

--changeset patient-search:011-patient-mrn-idx runInTransaction:false
-- mrn without a clinic (the unique (clinic_id, mrn) index serves it with one).
CREATE INDEX CONCURRENTLY IF NOT EXISTS patient_mrn_idx ON patient (mrn);
--rollback DROP INDEX CONCURRENTLY IF EXISTS patient_mrn_idx;

--changeset patient-search:011-patient-recent-idx runInTransaction:false
CREATE INDEX CONCURRENTLY IF NOT EXISTS patient_updated_idx ON patient (updated_at DESC, id DESC);
--rollback DROP INDEX CONCURRENTLY IF EXISTS patient_updated_idx;

--changeset patient-search:011-contact-phone-suffix-idx runInTransaction:false
-- Phone digits reversed: "ends with 4567" and the full number (with or without country code) become a
-- prefix range on one b-tree. INCLUDE saves the heap visit for the join back to the patient.
CREATE INDEX CONCURRENTLY IF NOT EXISTS contact_info_phone_suffix_idx
    ON contact_info (reverse(phone_digits) text_pattern_ops) INCLUDE (patient_id) WHERE phone_digits IS NOT NULL;
--rollback DROP INDEX CONCURRENTLY IF EXISTS contact_info_phone_suffix_idx;

--changeset patient-search:011-contact-email-idx runInTransaction:false
CREATE INDEX CONCURRENTLY IF NOT EXISTS contact_info_email_idx
    ON contact_info (lower(email)) INCLUDE (patient_id) WHERE email IS NOT NULL;
--rollback DROP INDEX CONCURRENTLY IF EXISTS contact_info_email_idx;

--changeset patient-search:011-name-token-prefix-idx runInTransaction:false
-- Type-ahead: tokens starting with what was typed ("mar" -> maria, mark, martin).
CREATE INDEX CONCURRENTLY IF NOT EXISTS name_token_prefix_idx ON name_token (token text_pattern_ops);
--rollback DROP INDEX CONCURRENTLY IF EXISTS name_token_prefix_idx;
