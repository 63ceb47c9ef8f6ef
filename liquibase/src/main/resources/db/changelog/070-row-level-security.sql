--liquibase formatted sql

-- Issue 7: the app serves requests as patient_search_app, a login that owns nothing, cannot run DDL and is bound by
-- row-level security: it sees and writes only the rows of the clinics its transaction names in the setting
-- patient_search.clinics (RowSecurity.bind: set_config(..., is_local => true)). No setting, no rows (fail closed).
-- The owner (this changelog's login) keeps full access for migrations, seeding and bulk imports. docs/security.md.

--changeset patient-search:070-app-role splitStatements:false
-- A role is cluster-wide: create it only if missing (another database of this cluster may have made it already).
-- External databases: an administrator may create it beforehand, with a password; the migration then only grants.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'patient_search_app') THEN
        CREATE ROLE patient_search_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
    END IF;
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO patient_search_app', current_database());
END
$$;
--rollback DO $$ BEGIN EXECUTE format('REVOKE CONNECT ON DATABASE %I FROM patient_search_app', current_database()); END $$;

--changeset patient-search:070-app-grants
-- Only what the request path uses. No CREATE on the schema (PostgreSQL 15+ gives PUBLIC none), no ownership.
GRANT USAGE ON SCHEMA public TO patient_search_app;
GRANT SELECT ON clinic, provider TO patient_search_app;
GRANT SELECT, INSERT, UPDATE ON patient, appointment TO patient_search_app;
-- A patient update replaces its contacts and addresses (orphan removal deletes the old rows).
GRANT SELECT, INSERT, UPDATE, DELETE ON contact_info, address TO patient_search_app;
-- The name-token trigger runs as the writer: new tokens and their variants are inserted, never updated.
GRANT SELECT, INSERT ON name_token, name_token_variant TO patient_search_app;
-- Operations (issue 4): latency snapshots, with retention.
GRANT SELECT, INSERT, DELETE ON query_latency_snapshot TO patient_search_app;
-- The audit trail is append-only for the app: it writes events and serves the ops query, never changes one.
GRANT SELECT, INSERT ON audit_event TO patient_search_app;
--rollback REVOKE ALL ON clinic, provider, patient, appointment, contact_info, address, name_token, name_token_variant, query_latency_snapshot, audit_event FROM patient_search_app;
--rollback REVOKE USAGE ON SCHEMA public FROM patient_search_app;

--changeset patient-search:070-app-maintain
--preconditions onFail:CONTINUE
--precondition-sql-check expectedResult:t SELECT current_setting('server_version_num')::int >= 170000
-- PostgreSQL 17's MAINTAIN privilege: the scheduled ANALYZE, VACUUM and REINDEX CONCURRENTLY (issue 4) without owning.
GRANT MAINTAIN ON clinic, provider, patient, appointment, contact_info, address, name_token, name_token_variant,
    query_latency_snapshot TO patient_search_app;
--rollback REVOKE MAINTAIN ON clinic, provider, patient, appointment, contact_info, address, name_token, name_token_variant, query_latency_snapshot FROM patient_search_app;

--changeset patient-search:070-fn-scope-clinic-ids splitStatements:false
-- The caller's clinics as ids. Policies read it through ARRAY(SELECT ...), which runs once per statement (an
-- InitPlan), not once per row. STABLE: the setting cannot change within a statement.
CREATE OR REPLACE FUNCTION ps_scope_clinic_ids() RETURNS SETOF bigint
    LANGUAGE sql STABLE
    AS $$
        SELECT c.id
        FROM clinic c
        WHERE c.code = ANY (string_to_array(nullif(current_setting('patient_search.clinics', true), ''), ','))
    $$;
GRANT EXECUTE ON FUNCTION ps_scope_clinic_ids() TO patient_search_app;
--rollback DROP FUNCTION IF EXISTS ps_scope_clinic_ids();

--changeset patient-search:070-policies
ALTER TABLE patient ENABLE ROW LEVEL SECURITY;
ALTER TABLE appointment ENABLE ROW LEVEL SECURITY;
ALTER TABLE contact_info ENABLE ROW LEVEL SECURITY;
ALTER TABLE address ENABLE ROW LEVEL SECURITY;
-- USING filters what is read, updated or deleted; WITH CHECK refuses rows written into another clinic.
CREATE POLICY patient_by_clinic ON patient TO patient_search_app
    USING (clinic_id = ANY (ARRAY(SELECT ps_scope_clinic_ids())))
    WITH CHECK (clinic_id = ANY (ARRAY(SELECT ps_scope_clinic_ids())));
CREATE POLICY appointment_by_clinic ON appointment TO patient_search_app
    USING (clinic_id = ANY (ARRAY(SELECT ps_scope_clinic_ids())))
    WITH CHECK (clinic_id = ANY (ARRAY(SELECT ps_scope_clinic_ids())));
-- Contacts and addresses carry no clinic: they are visible when their patient's clinic is in scope. A scalar
-- sub-select, not EXISTS: EXISTS may be planned as a hashed sub-plan that reads every patient (PatientSearchPlanTest
-- caught it on the phone search); a scalar one is one primary-key probe per contact row.
CREATE POLICY contact_info_by_patient ON contact_info TO patient_search_app
    USING ((SELECT p.clinic_id FROM patient p WHERE p.id = contact_info.patient_id) = ANY (ARRAY(SELECT ps_scope_clinic_ids())))
    WITH CHECK ((SELECT p.clinic_id FROM patient p WHERE p.id = contact_info.patient_id) = ANY (ARRAY(SELECT ps_scope_clinic_ids())));
CREATE POLICY address_by_patient ON address TO patient_search_app
    USING ((SELECT p.clinic_id FROM patient p WHERE p.id = address.patient_id) = ANY (ARRAY(SELECT ps_scope_clinic_ids())))
    WITH CHECK ((SELECT p.clinic_id FROM patient p WHERE p.id = address.patient_id) = ANY (ARRAY(SELECT ps_scope_clinic_ids())));
--rollback DROP POLICY IF EXISTS address_by_patient ON address;
--rollback DROP POLICY IF EXISTS contact_info_by_patient ON contact_info;
--rollback DROP POLICY IF EXISTS appointment_by_clinic ON appointment;
--rollback DROP POLICY IF EXISTS patient_by_clinic ON patient;
--rollback ALTER TABLE address DISABLE ROW LEVEL SECURITY;
--rollback ALTER TABLE contact_info DISABLE ROW LEVEL SECURITY;
--rollback ALTER TABLE appointment DISABLE ROW LEVEL SECURITY;
--rollback ALTER TABLE patient DISABLE ROW LEVEL SECURITY;

--changeset patient-search:070-leakproof-index-functions
--preconditions onFail:CONTINUE
--precondition-sql-check expectedResult:t SELECT rolsuper FROM pg_roles WHERE rolname = current_user
-- Under row-level security PostgreSQL evaluates the policy before any condition whose functions are not LEAKPROOF,
-- and such a condition cannot drive an index: name search (&& on name_tokens), phone suffix (reverse()) and e-mail
-- (lower()) would scan whole tables. These three cannot reveal a row's values through an error, so they are
-- declared LEAKPROOF for this database. Only a superuser may: without one, this changeSet waits (onFail CONTINUE,
-- retried at every start) and docs/security.md gives the statements to run by hand.
ALTER FUNCTION pg_catalog.arrayoverlap(anyarray, anyarray) LEAKPROOF;
ALTER FUNCTION pg_catalog.reverse(text) LEAKPROOF;
ALTER FUNCTION pg_catalog.lower(text) LEAKPROOF;
--rollback ALTER FUNCTION pg_catalog.lower(text) NOT LEAKPROOF;
--rollback ALTER FUNCTION pg_catalog.reverse(text) NOT LEAKPROOF;
--rollback ALTER FUNCTION pg_catalog.arrayoverlap(anyarray, anyarray) NOT LEAKPROOF;

--changeset patient-search:070-monitoring-roles splitStatements:false
--preconditions onFail:CONTINUE
--precondition-sql-check expectedResult:t SELECT rolsuper FROM pg_roles WHERE rolname = current_user
-- The admin endpoints read pg_stat_statements for every statement, not only the app's own (issue 4).
GRANT pg_read_all_stats TO patient_search_app;
--rollback REVOKE pg_read_all_stats FROM patient_search_app;
