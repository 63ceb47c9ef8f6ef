--liquibase formatted sql

-- Contacts and addresses carry their patient's clinic. The 070 policies found it with a primary-key probe of the
-- patient for every contact row read: a phone suffix ("ends with 4567") reads ~130 contacts at 1M patients, and that
-- probe (plus the patient's own policy) was most of its time. With the clinic on the row, the policy is a column
-- compare. The column is derived by a trigger from the patient, never taken from the writer, and a patient cannot
-- change clinic (the API refuses it; 082-patient-clinic-fixed makes the database refuse it too).

--changeset patient-search:082-contact-address-clinic-columns
ALTER TABLE contact_info ADD COLUMN clinic_id bigint;
ALTER TABLE address ADD COLUMN clinic_id bigint;
--rollback ALTER TABLE address DROP COLUMN clinic_id;
--rollback ALTER TABLE contact_info DROP COLUMN clinic_id;

--changeset patient-search:082-fn-clinic-of-patient splitStatements:false
-- Runs as the writer: under row-level security an app login that cannot see the patient gets NULL, and the policy's
-- WITH CHECK then refuses the row (fail closed).
CREATE OR REPLACE FUNCTION ps_set_clinic_from_patient() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    BEGIN
        NEW.clinic_id := (SELECT p.clinic_id FROM patient p WHERE p.id = NEW.patient_id);
        RETURN NEW;
    END
    $$;
--rollback DROP FUNCTION IF EXISTS ps_set_clinic_from_patient();

--changeset patient-search:082-trg-clinic-of-patient
CREATE TRIGGER contact_info_clinic BEFORE INSERT OR UPDATE OF patient_id, clinic_id ON contact_info
    FOR EACH ROW EXECUTE FUNCTION ps_set_clinic_from_patient();
CREATE TRIGGER address_clinic BEFORE INSERT OR UPDATE OF patient_id, clinic_id ON address
    FOR EACH ROW EXECUTE FUNCTION ps_set_clinic_from_patient();
--rollback DROP TRIGGER IF EXISTS address_clinic ON address;
--rollback DROP TRIGGER IF EXISTS contact_info_clinic ON contact_info;

--changeset patient-search:082-backfill-contact-address-clinic
-- 1.28M contacts and 1.02M addresses at 1M patients: under a minute, and a VACUUM's worth of dead rows afterwards.
UPDATE contact_info c SET clinic_id = p.clinic_id FROM patient p WHERE p.id = c.patient_id AND c.clinic_id IS NULL;
UPDATE address a SET clinic_id = p.clinic_id FROM patient p WHERE p.id = a.patient_id AND a.clinic_id IS NULL;
ALTER TABLE contact_info ALTER COLUMN clinic_id SET NOT NULL;
ALTER TABLE address ALTER COLUMN clinic_id SET NOT NULL;
--rollback ALTER TABLE address ALTER COLUMN clinic_id DROP NOT NULL;
--rollback ALTER TABLE contact_info ALTER COLUMN clinic_id DROP NOT NULL;

--changeset patient-search:082-vacuum-contact-address runInTransaction:false
-- The backfill left a dead version of every contact and address: reclaim them now rather than leave it to autovacuum
-- while the first searches run.
VACUUM (ANALYZE) contact_info, address;
--rollback not required

--changeset patient-search:082-fn-patient-clinic-fixed splitStatements:false
CREATE OR REPLACE FUNCTION ps_refuse_clinic_change() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    BEGIN
        IF NEW.clinic_id IS DISTINCT FROM OLD.clinic_id THEN
            RAISE EXCEPTION 'a patient stays in its clinic (patient %)', OLD.id USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END
    $$;
--rollback DROP FUNCTION IF EXISTS ps_refuse_clinic_change();

--changeset patient-search:082-trg-patient-clinic-fixed
CREATE TRIGGER patient_clinic_fixed BEFORE UPDATE OF clinic_id ON patient
    FOR EACH ROW EXECUTE FUNCTION ps_refuse_clinic_change();
--rollback DROP TRIGGER IF EXISTS patient_clinic_fixed ON patient;

--changeset patient-search:082-policies-contact-address-clinic
ALTER POLICY contact_info_by_patient ON contact_info
    USING (clinic_id = ANY (ARRAY(SELECT s.id FROM ps_scope_clinic_ids() AS s(id))))
    WITH CHECK (clinic_id = ANY (ARRAY(SELECT s.id FROM ps_scope_clinic_ids() AS s(id))));
ALTER POLICY address_by_patient ON address
    USING (clinic_id = ANY (ARRAY(SELECT s.id FROM ps_scope_clinic_ids() AS s(id))))
    WITH CHECK (clinic_id = ANY (ARRAY(SELECT s.id FROM ps_scope_clinic_ids() AS s(id))));
--rollback ALTER POLICY contact_info_by_patient ON contact_info USING ((SELECT p.clinic_id FROM patient p WHERE p.id = contact_info.patient_id) = ANY (ARRAY(SELECT s.id FROM ps_scope_clinic_ids() AS s(id)))) WITH CHECK ((SELECT p.clinic_id FROM patient p WHERE p.id = contact_info.patient_id) = ANY (ARRAY(SELECT s.id FROM ps_scope_clinic_ids() AS s(id))));
--rollback ALTER POLICY address_by_patient ON address USING ((SELECT p.clinic_id FROM patient p WHERE p.id = address.patient_id) = ANY (ARRAY(SELECT s.id FROM ps_scope_clinic_ids() AS s(id)))) WITH CHECK ((SELECT p.clinic_id FROM patient p WHERE p.id = address.patient_id) = ANY (ARRAY(SELECT s.id FROM ps_scope_clinic_ids() AS s(id))));
