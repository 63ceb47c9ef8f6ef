--liquibase formatted sql

-- Name search structures (docs/indexing.md explains each one).
-- Normalisation lives in the database, so every writer (ORM, COPY, psql) produces the same search keys;
-- NameNormalizer in the search module mirrors ps_normalize_name for query text, and a test keeps them equal.

--changeset patient-search:010-fn-immutable-unaccent splitStatements:false
-- unaccent() is only STABLE (its dictionary could change); generated columns and index expressions need
-- IMMUTABLE. Pinning the dictionary by name makes that promise true enough for us.
CREATE OR REPLACE FUNCTION ps_immutable_unaccent(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;
--rollback DROP FUNCTION IF EXISTS ps_immutable_unaccent(text);

--changeset patient-search:010-fn-normalize-name splitStatements:false
-- Lower case, accents off, apostrophes dropped (O'Brien -> obrien), any other non-alphanumeric run -> one space.
CREATE OR REPLACE FUNCTION ps_normalize_name(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT btrim(regexp_replace(regexp_replace(lower(ps_immutable_unaccent($1)), '[''`´’]', '', 'g'),
                                      '[^a-z0-9]+', ' ', 'g')) $$;
--rollback DROP FUNCTION IF EXISTS ps_normalize_name(text);

--changeset patient-search:010-fn-name-tokens splitStatements:false
CREATE OR REPLACE FUNCTION ps_name_tokens(first_name text, middle_name text, last_name text) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT array_remove(string_to_array(
              ps_normalize_name(concat_ws(' ', first_name, middle_name, last_name)), ' '), '') $$;
--rollback DROP FUNCTION IF EXISTS ps_name_tokens(text, text, text);

--changeset patient-search:010-fn-token-deletes splitStatements:false
-- The token and every string made by deleting one letter, or two for tokens of 4+ letters. Two tokens within
-- edit distance 2 (a wrong, missing, extra or swapped letter or two) share at least one such variant
-- (symmetric-delete spelling correction), so typo candidates come from a b-tree lookup, not a scan.
CREATE OR REPLACE FUNCTION ps_token_deletes(token text) RETURNS SETOF text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$
        WITH one AS (
            SELECT left(token, i - 1) || substr(token, i + 1) AS variant
            FROM generate_series(1, length(token)) AS i
        )
        SELECT token
        UNION
        SELECT variant FROM one WHERE variant <> ''
        UNION
        SELECT left(one.variant, j - 1) || substr(one.variant, j + 1)
        FROM one, generate_series(1, length(one.variant)) AS j
        WHERE length(token) >= 4
    $$;
--rollback DROP FUNCTION IF EXISTS ps_token_deletes(text);

--changeset patient-search:010-fn-is-transposition splitStatements:false
-- fuzzystrmatch has no Damerau distance: "jhon" is two Levenshtein edits from "john" but one swap. Scoring
-- counts an adjacent swap as one edit, so the name the receptionist meant ranks with one-letter typos.
CREATE OR REPLACE FUNCTION ps_is_transposition(a text, b text) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT length(a) = length(b) AND a <> b AND EXISTS (
              SELECT 1 FROM generate_series(1, length(a) - 1) AS i
              WHERE left(a, i - 1) || substr(a, i + 1, 1) || substr(a, i, 1) || substr(a, i + 2) = b) $$;
--rollback DROP FUNCTION IF EXISTS ps_is_transposition(text, text);

--changeset patient-search:010-patient-search-columns
ALTER TABLE patient
    ADD COLUMN first_name_norm varchar(100) GENERATED ALWAYS AS (ps_normalize_name(first_name)) STORED,
    ADD COLUMN last_name_norm  varchar(100) GENERATED ALWAYS AS (ps_normalize_name(last_name)) STORED,
    ADD COLUMN name_tokens     text[]       GENERATED ALWAYS AS (ps_name_tokens(first_name, middle_name, last_name)) STORED;
--rollback ALTER TABLE patient DROP COLUMN name_tokens, DROP COLUMN last_name_norm, DROP COLUMN first_name_norm;

--changeset patient-search:010-name-token-tables
-- The dictionary of distinct name tokens (tens of thousands, against millions of patients) and its
-- deletion variants. patients is a frequency estimate, refreshed by ps_refresh_name_token_counts().
CREATE TABLE name_token (
    token     text   PRIMARY KEY,
    patients  bigint NOT NULL DEFAULT 0
);
CREATE TABLE name_token_variant (
    variant  text NOT NULL,
    token    text NOT NULL CONSTRAINT name_token_variant_token_fk REFERENCES name_token (token) ON DELETE CASCADE,
    CONSTRAINT name_token_variant_pk PRIMARY KEY (variant, token)
);
--rollback DROP TABLE name_token_variant;
--rollback DROP TABLE name_token;

--changeset patient-search:010-fn-collect-name-tokens splitStatements:false
-- Statement-level, with a transition table: a COPY of 100,000 patients costs one aggregate, not 100,000 upserts.
-- Existing tokens are left alone (no row lock on "smith" shared by every writer); counts are refreshed apart.
CREATE OR REPLACE FUNCTION ps_collect_name_tokens() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    BEGIN
        WITH fresh AS (
            INSERT INTO name_token (token)
            SELECT DISTINCT t FROM changed_patients, unnest(changed_patients.name_tokens) AS t
            ON CONFLICT (token) DO NOTHING
            RETURNING token
        )
        INSERT INTO name_token_variant (variant, token)
        SELECT d, fresh.token FROM fresh, ps_token_deletes(fresh.token) AS d
        ON CONFLICT DO NOTHING;
        RETURN NULL;
    END
    $$;
--rollback DROP FUNCTION IF EXISTS ps_collect_name_tokens();

--changeset patient-search:010-trg-collect-name-tokens
CREATE TRIGGER patient_name_tokens_insert AFTER INSERT ON patient
    REFERENCING NEW TABLE AS changed_patients
    FOR EACH STATEMENT EXECUTE FUNCTION ps_collect_name_tokens();
CREATE TRIGGER patient_name_tokens_update AFTER UPDATE ON patient
    REFERENCING NEW TABLE AS changed_patients
    FOR EACH STATEMENT EXECUTE FUNCTION ps_collect_name_tokens();
--rollback DROP TRIGGER IF EXISTS patient_name_tokens_update ON patient;
--rollback DROP TRIGGER IF EXISTS patient_name_tokens_insert ON patient;

--changeset patient-search:010-fn-refresh-name-token-counts splitStatements:false
CREATE OR REPLACE FUNCTION ps_refresh_name_token_counts() RETURNS void
    LANGUAGE sql
    AS $$
        UPDATE name_token n SET patients = c.patients
        FROM (SELECT t AS token, count(*) AS patients FROM patient, unnest(patient.name_tokens) AS t GROUP BY t) c
        WHERE n.token = c.token AND n.patients IS DISTINCT FROM c.patients
    $$;
--rollback DROP FUNCTION IF EXISTS ps_refresh_name_token_counts();
