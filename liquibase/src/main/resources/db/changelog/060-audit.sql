--liquibase formatted sql

-- Audit trail (issue 7): one row per read, search, write, merge or import of patient data. Rows hold ids and codes
-- only (who, role, clinics, endpoint as declared, patient ids), never names or query strings. Append-only: the app's
-- login role is granted INSERT and SELECT only (070), and the trigger below refuses UPDATE, DELETE and TRUNCATE even
-- to the owner. Retention (dropping old rows) therefore needs an owner to disable the trigger on purpose:
-- docs/operations.md. Not partitioned yet: that is the way to cheap retention once volumes need it.

--changeset patient-search:060-audit-event
CREATE TABLE audit_event (
    -- Identity (not serial): nextval on an identity column needs no sequence grant, so INSERT alone is enough.
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at           timestamptz NOT NULL,
    user_name    text        NOT NULL,
    role         text        NOT NULL,
    clinics      text[]      NOT NULL,
    action       text        NOT NULL,
    endpoint     text        NOT NULL,
    patient_ids  bigint[]    NOT NULL DEFAULT '{}',
    request_id   text,
    CONSTRAINT audit_event_action_ck CHECK (action IN ('search', 'read', 'create', 'update', 'merge', 'import'))
);
--rollback DROP TABLE audit_event;

--changeset patient-search:060-fn-audit-event-append-only splitStatements:false
CREATE OR REPLACE FUNCTION ps_audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_event is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
--rollback DROP FUNCTION IF EXISTS ps_audit_event_append_only();

--changeset patient-search:060-trg-audit-event-append-only
CREATE TRIGGER audit_event_no_update_delete BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION ps_audit_event_append_only();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION ps_audit_event_append_only();
--rollback DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_event;
--rollback DROP TRIGGER IF EXISTS audit_event_no_update_delete ON audit_event;

-- The ops queries (GET /api/v1/admin/audit) page newest first by (at, id), optionally for one user or one patient.

--changeset patient-search:060-audit-event-at-idx runInTransaction:false
CREATE INDEX CONCURRENTLY IF NOT EXISTS audit_event_at_idx ON audit_event (at, id);
--rollback DROP INDEX CONCURRENTLY IF EXISTS audit_event_at_idx;

--changeset patient-search:060-audit-event-user-at-idx runInTransaction:false
CREATE INDEX CONCURRENTLY IF NOT EXISTS audit_event_user_at_idx ON audit_event (user_name, at, id);
--rollback DROP INDEX CONCURRENTLY IF EXISTS audit_event_user_at_idx;

-- fastupdate stays on (the default) here, unlike the name index: this table is write-mostly, read by ops now and then.
--changeset patient-search:060-audit-event-patients-gin runInTransaction:false
CREATE INDEX CONCURRENTLY IF NOT EXISTS audit_event_patient_ids_gin ON audit_event USING gin (patient_ids);
--rollback DROP INDEX CONCURRENTLY IF EXISTS audit_event_patient_ids_gin;
