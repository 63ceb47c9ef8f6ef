--liquibase formatted sql

-- Full text over appointment reasons ("back pain", "medication refil"): English stemming, a generated tsvector kept by
-- the database for every writer, and a GIN index on it. A table that replaces appointment (partitioning) must carry
-- both: the column reason_tsv and the index appointment_reason_tsv_gin.

--changeset patient-search:091-appointment-reason-tsv
-- to_tsvector with a named configuration is IMMUTABLE (the one-argument form depends on a setting and is not).
ALTER TABLE appointment ADD COLUMN reason_tsv tsvector
    GENERATED ALWAYS AS (to_tsvector('english'::regconfig, coalesce(reason, ''))) STORED;
--rollback ALTER TABLE appointment DROP COLUMN reason_tsv;

--changeset patient-search:091-appointment-reason-tsv-gin runInTransaction:false
CREATE INDEX CONCURRENTLY IF NOT EXISTS appointment_reason_tsv_gin ON appointment USING gin (reason_tsv);
--rollback DROP INDEX CONCURRENTLY IF EXISTS appointment_reason_tsv_gin;

--changeset patient-search:091-leakproof-text-match
--preconditions onFail:CONTINUE
--precondition-sql-check expectedResult:t SELECT rolsuper FROM pg_roles WHERE rolname = current_user
-- tsvector @@ tsquery (ts_match_vq) answers true or false and raises nothing about the row: LEAKPROOF, so the match
-- can drive the GIN index under row-level security (see 070-leakproof-index-functions).
ALTER FUNCTION pg_catalog.ts_match_vq(tsvector, tsquery) LEAKPROOF;
--rollback ALTER FUNCTION pg_catalog.ts_match_vq(tsvector, tsquery) NOT LEAKPROOF;
