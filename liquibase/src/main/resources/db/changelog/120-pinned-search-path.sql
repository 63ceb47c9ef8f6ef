--liquibase formatted sql

-- Functions that decide or derive what a caller may see run with the caller's search_path, and a session's
-- temporary schema comes first in it for tables: a temporary table named clinic or patient would shadow the real
-- one (docs/security.md). The trigger functions get a fixed search_path (pg_temp last). The scope function of the
-- row policies names its table with the schema instead: a SET clause on a SQL function stops PostgreSQL from
-- inlining it into the statement (081 explains why that matters); functions and operators are looked up in
-- pg_catalog before any other schema, and a temporary schema is never searched for them.

--changeset patient-search:120-scope-clinic-ids-qualified splitStatements:false
CREATE OR REPLACE FUNCTION ps_scope_clinic_ids() RETURNS SETOF bigint
    LANGUAGE sql STABLE
    AS $$
        SELECT c.id
        FROM pg_catalog.unnest(pg_catalog.string_to_array(nullif(pg_catalog.current_setting('patient_search.clinics', true), ''), ',')) AS s(code)
        JOIN public.clinic c ON c.code = s.code
    $$;
--rollback CREATE OR REPLACE FUNCTION ps_scope_clinic_ids() RETURNS SETOF bigint LANGUAGE sql STABLE AS $$ SELECT c.id FROM unnest(string_to_array(nullif(current_setting('patient_search.clinics', true), ''), ',')) AS s(code) JOIN clinic c ON c.code = s.code $$;

--changeset patient-search:120-trigger-functions-search-path
ALTER FUNCTION ps_collect_name_tokens() SET search_path = public, pg_temp;
ALTER FUNCTION ps_collect_name_pairs() SET search_path = public, pg_temp;
ALTER FUNCTION ps_set_clinic_from_patient() SET search_path = public, pg_temp;
ALTER FUNCTION ps_refuse_clinic_change() SET search_path = public, pg_temp;
ALTER FUNCTION ps_audit_event_append_only() SET search_path = public, pg_temp;
ALTER FUNCTION ps_refresh_name_token_counts() SET search_path = public, pg_temp;
--rollback ALTER FUNCTION ps_refresh_name_token_counts() RESET search_path;
--rollback ALTER FUNCTION ps_audit_event_append_only() RESET search_path;
--rollback ALTER FUNCTION ps_refuse_clinic_change() RESET search_path;
--rollback ALTER FUNCTION ps_set_clinic_from_patient() RESET search_path;
--rollback ALTER FUNCTION ps_collect_name_pairs() RESET search_path;
--rollback ALTER FUNCTION ps_collect_name_tokens() RESET search_path;
