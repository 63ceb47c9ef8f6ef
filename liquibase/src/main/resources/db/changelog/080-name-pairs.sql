--liquibase formatted sql

-- Name search by token pairs (docs/indexing.md, "Two or more name words").
-- With one GIN key per query word, "robert roe" AND-ed two posting-list unions: every candidate of "robert" (75 tokens,
-- 21,000 patients) against every candidate of "roe" (45 tokens, 8,000 patients), and GIN pays per patient for each
-- candidate token (the cost at 1M: docs/performance.md). Each patient also carries the unordered pairs of its name words
-- ("robert roe"), and a dictionary of the pairs that exist turns the candidates of two query words into the few
-- dozen real pairs; the GIN lookup of those touches only the patients that hold one.

--changeset patient-search:080-fn-name-pairs splitStatements:false
-- Every unordered pair of two name words (by position, so "john john smith" has "john john"), as "lesser greater".
-- Tokens are [a-z0-9]+, so the space cannot be part of one.
CREATE OR REPLACE FUNCTION ps_name_pairs(tokens text[]) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT coalesce(array_agg(DISTINCT least(a.t, b.t) || ' ' || greatest(a.t, b.t)), '{}')
          FROM unnest(tokens) WITH ORDINALITY AS a(t, i)
          JOIN unnest(tokens) WITH ORDINALITY AS b(t, j) ON a.i < b.j $$;
--rollback DROP FUNCTION IF EXISTS ps_name_pairs(text[]);

--changeset patient-search:080-patient-name-pairs
-- A generated column cannot read another one, so it derives the tokens again. Adding it rewrites the table (about a
-- minute per million patients, under an exclusive lock): run this migration in a maintenance window on large data.
ALTER TABLE patient
    ADD COLUMN name_pairs text[] GENERATED ALWAYS AS (ps_name_pairs(ps_name_tokens(first_name, middle_name, last_name))) STORED;
--rollback ALTER TABLE patient DROP COLUMN name_pairs;

--changeset patient-search:080-name-token-pair-table
-- The pairs that exist (token_a <= token_b). Like name_token it holds names but no patient, clinic or count, and rows
-- are only added: a pair nobody holds any more costs one useless GIN probe, never a wrong result.
CREATE TABLE name_token_pair (
    token_a  text NOT NULL,
    token_b  text NOT NULL,
    CONSTRAINT name_token_pair_pk PRIMARY KEY (token_a, token_b)
);
--rollback DROP TABLE name_token_pair;

--changeset patient-search:080-fn-collect-name-pairs splitStatements:false
-- Statement-level, like ps_collect_name_tokens: one aggregate per COPY chunk, no lock on existing pairs.
CREATE OR REPLACE FUNCTION ps_collect_name_pairs() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    BEGIN
        INSERT INTO name_token_pair (token_a, token_b)
        SELECT DISTINCT split_part(pair, ' ', 1), split_part(pair, ' ', 2)
        FROM changed_patients, unnest(changed_patients.name_pairs) AS pair
        ON CONFLICT DO NOTHING;
        RETURN NULL;
    END
    $$;
--rollback DROP FUNCTION IF EXISTS ps_collect_name_pairs();

--changeset patient-search:080-trg-collect-name-pairs
CREATE TRIGGER patient_name_pairs_insert AFTER INSERT ON patient
    REFERENCING NEW TABLE AS changed_patients
    FOR EACH STATEMENT EXECUTE FUNCTION ps_collect_name_pairs();
CREATE TRIGGER patient_name_pairs_update AFTER UPDATE ON patient
    REFERENCING NEW TABLE AS changed_patients
    FOR EACH STATEMENT EXECUTE FUNCTION ps_collect_name_pairs();
--rollback DROP TRIGGER IF EXISTS patient_name_pairs_update ON patient;
--rollback DROP TRIGGER IF EXISTS patient_name_pairs_insert ON patient;

--changeset patient-search:080-backfill-name-token-pair
-- The pairs of the patients already there (1.2M distinct pairs for 1M patients: about 10 s).
INSERT INTO name_token_pair (token_a, token_b)
SELECT DISTINCT split_part(pair, ' ', 1), split_part(pair, ' ', 2)
FROM patient, unnest(patient.name_pairs) AS pair
ON CONFLICT DO NOTHING;
--rollback DELETE FROM name_token_pair;

--changeset patient-search:080-patient-name-pairs-gin runInTransaction:false
-- Most pairs are held by a handful of patients: the index is mostly keys (about 90 MB at 1M patients). fastupdate off
-- for the reason given in 013: no pending list for searches to scan.
CREATE INDEX CONCURRENTLY IF NOT EXISTS patient_name_pairs_gin ON patient USING gin (name_pairs) WITH (fastupdate = off);
--rollback DROP INDEX CONCURRENTLY IF EXISTS patient_name_pairs_gin;

--changeset patient-search:080-app-grants
-- The pair trigger runs as the writer, like the token trigger (070-app-grants).
GRANT SELECT, INSERT ON name_token_pair TO patient_search_app;
--rollback REVOKE ALL ON name_token_pair FROM patient_search_app;

--changeset patient-search:080-app-maintain
--preconditions onFail:CONTINUE
--precondition-sql-check expectedResult:t SELECT current_setting('server_version_num')::int >= 170000
GRANT MAINTAIN ON name_token_pair TO patient_search_app;
--rollback REVOKE MAINTAIN ON name_token_pair FROM patient_search_app;
