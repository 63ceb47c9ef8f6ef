--liquibase formatted sql

-- The policies of 070 read the caller's clinics through ARRAY(SELECT ps_scope_clinic_ids()). Called in a select
-- list, the SQL function is not inlined: PostgreSQL plans its body again at every statement, and a
-- name search with its contacts evaluates three policies. Called in FROM, it is inlined into the statement, and the
-- codes are joined to the clinic table instead of compared against the whole list row by row (docs/performance.md).

--changeset patient-search:081-fn-scope-clinic-ids splitStatements:false
CREATE OR REPLACE FUNCTION ps_scope_clinic_ids() RETURNS SETOF bigint
    LANGUAGE sql STABLE
    AS $$
        SELECT c.id
        FROM unnest(string_to_array(nullif(current_setting('patient_search.clinics', true), ''), ',')) AS s(code)
        JOIN clinic c ON c.code = s.code
    $$;
--rollback CREATE OR REPLACE FUNCTION ps_scope_clinic_ids() RETURNS SETOF bigint LANGUAGE sql STABLE AS $$ SELECT c.id FROM clinic c WHERE c.code = ANY (string_to_array(nullif(current_setting('patient_search.clinics', true), ''), ',')) $$;

--changeset patient-search:081-policies-inline-scope
ALTER POLICY patient_by_clinic ON patient
    USING (clinic_id = ANY (ARRAY(SELECT s.id FROM ps_scope_clinic_ids() AS s(id))))
    WITH CHECK (clinic_id = ANY (ARRAY(SELECT s.id FROM ps_scope_clinic_ids() AS s(id))));
ALTER POLICY appointment_by_clinic ON appointment
    USING (clinic_id = ANY (ARRAY(SELECT s.id FROM ps_scope_clinic_ids() AS s(id))))
    WITH CHECK (clinic_id = ANY (ARRAY(SELECT s.id FROM ps_scope_clinic_ids() AS s(id))));
ALTER POLICY contact_info_by_patient ON contact_info
    USING ((SELECT p.clinic_id FROM patient p WHERE p.id = contact_info.patient_id) = ANY (ARRAY(SELECT s.id FROM ps_scope_clinic_ids() AS s(id))))
    WITH CHECK ((SELECT p.clinic_id FROM patient p WHERE p.id = contact_info.patient_id) = ANY (ARRAY(SELECT s.id FROM ps_scope_clinic_ids() AS s(id))));
ALTER POLICY address_by_patient ON address
    USING ((SELECT p.clinic_id FROM patient p WHERE p.id = address.patient_id) = ANY (ARRAY(SELECT s.id FROM ps_scope_clinic_ids() AS s(id))))
    WITH CHECK ((SELECT p.clinic_id FROM patient p WHERE p.id = address.patient_id) = ANY (ARRAY(SELECT s.id FROM ps_scope_clinic_ids() AS s(id))));
--rollback ALTER POLICY patient_by_clinic ON patient USING (clinic_id = ANY (ARRAY(SELECT ps_scope_clinic_ids()))) WITH CHECK (clinic_id = ANY (ARRAY(SELECT ps_scope_clinic_ids())));
--rollback ALTER POLICY appointment_by_clinic ON appointment USING (clinic_id = ANY (ARRAY(SELECT ps_scope_clinic_ids()))) WITH CHECK (clinic_id = ANY (ARRAY(SELECT ps_scope_clinic_ids())));
--rollback ALTER POLICY contact_info_by_patient ON contact_info USING ((SELECT p.clinic_id FROM patient p WHERE p.id = contact_info.patient_id) = ANY (ARRAY(SELECT ps_scope_clinic_ids()))) WITH CHECK ((SELECT p.clinic_id FROM patient p WHERE p.id = contact_info.patient_id) = ANY (ARRAY(SELECT ps_scope_clinic_ids())));
--rollback ALTER POLICY address_by_patient ON address USING ((SELECT p.clinic_id FROM patient p WHERE p.id = address.patient_id) = ANY (ARRAY(SELECT ps_scope_clinic_ids()))) WITH CHECK ((SELECT p.clinic_id FROM patient p WHERE p.id = address.patient_id) = ANY (ARRAY(SELECT ps_scope_clinic_ids())));
