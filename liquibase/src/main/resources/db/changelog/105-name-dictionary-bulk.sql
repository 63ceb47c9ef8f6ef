--liquibase formatted sql

-- Set-based name dictionaries for bulk loads (docs/performance.md, "Imports"). The statement-level triggers of 010
-- and 080 derive the dictionaries per statement, which for an import means per 10,000-row chunk; and deriving the
-- deletion variants called ps_token_deletes once per new token, a small query of its own each time. Now:
-- - the variants of a whole set of tokens come from one flat query (ps_token_variants), for the triggers too;
-- - a bulk load sets patient_search.name_dictionaries = 'deferred' in its transactions: the triggers skip, the load
--   records the patients it wrote in name_dictionary_backlog (in the same transaction, so nothing is lost if it
--   stops half-way), and ps_drain_name_dictionary_backlog() derives the new tokens, variants and pairs of all of them
--   at the end, one statement per dictionary. The result is the same rows the triggers would have written.

--changeset patient-search:105-fn-token-variants splitStatements:false
-- Every token with itself, each string made by deleting one letter (never the empty one), and for tokens of 4+
-- letters each made by deleting two: exactly ps_token_deletes per token, for all tokens in one query.
CREATE OR REPLACE FUNCTION ps_token_variants(tokens text[]) RETURNS TABLE (variant text, token text)
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
        SELECT DISTINCT x.v, x.t
        FROM (
            SELECT t, t FROM unnest(tokens) AS t
            UNION ALL
            SELECT t, left(t, i - 1) || substr(t, i + 1)
            FROM unnest(tokens) AS t, generate_series(1, length(t)) AS i
            WHERE length(t) > 1
            UNION ALL
            SELECT t, left(t, i - 1) || substr(t, i + 1, j - i - 1) || substr(t, j + 1)
            FROM unnest(tokens) AS t, generate_series(1, length(t) - 1) AS i, generate_series(i + 1, length(t)) AS j
            WHERE length(t) >= 4
        ) AS x (t, v)
        WHERE x.t IS NOT NULL
    $$;
--rollback DROP FUNCTION IF EXISTS ps_token_variants(text[]);

--changeset patient-search:105-fn-token-deletes splitStatements:false
CREATE OR REPLACE FUNCTION ps_token_deletes(token text) RETURNS SETOF text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT v.variant FROM ps_token_variants(ARRAY[token]) AS v $$;
--rollback CREATE OR REPLACE FUNCTION ps_token_deletes(token text) RETURNS SETOF text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$ WITH one AS (SELECT left(token, i - 1) || substr(token, i + 1) AS variant FROM generate_series(1, length(token)) AS i) SELECT token UNION SELECT variant FROM one WHERE variant <> '' UNION SELECT left(one.variant, j - 1) || substr(one.variant, j + 1) FROM one, generate_series(1, length(one.variant)) AS j WHERE length(token) >= 4 $$;

--changeset patient-search:105-fn-name-tokens splitStatements:false
-- Same tokens as 010's version: concat_ws is only STABLE, which kept PostgreSQL from inlining this IMMUTABLE function
-- (a function call per row, twice per patient written: name_tokens and name_pairs); || is IMMUTABLE, and the extra
-- spaces a missing middle name leaves are collapsed by ps_normalize_name.
CREATE OR REPLACE FUNCTION ps_name_tokens(first_name text, middle_name text, last_name text) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT array_remove(string_to_array(ps_normalize_name(
              coalesce(first_name, '') || ' ' || coalesce(middle_name, '') || ' ' || coalesce(last_name, '')), ' '), '') $$;
--rollback CREATE OR REPLACE FUNCTION ps_name_tokens(first_name text, middle_name text, last_name text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT array_remove(string_to_array(ps_normalize_name(concat_ws(' ', first_name, middle_name, last_name)), ' '), '') $$;

--changeset patient-search:105-fn-name-pairs splitStatements:false rollbackSplitStatements:false
-- Same result as 080's SQL version (sorted, distinct "lesser greater" pairs), without a query per row: this runs for
-- every patient written, and was the largest part of an insert's own cost.
CREATE OR REPLACE FUNCTION ps_name_pairs(tokens text[]) RETURNS text[]
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE STRICT
    AS $$
    DECLARE
        n int := coalesce(array_length(tokens, 1), 0);
        pairs text[] := '{}';
        pair text;
        k int;
    BEGIN
        FOR i IN 1 .. n - 1 LOOP
            FOR j IN i + 1 .. n LOOP
                pair := least(tokens[i], tokens[j]) || ' ' || greatest(tokens[i], tokens[j]);
                -- insertion into a sorted array without duplicates: a name has a handful of pairs
                k := coalesce(array_length(pairs, 1), 0);
                WHILE k > 0 AND pairs[k] > pair LOOP
                    k := k - 1;
                END LOOP;
                IF k = 0 OR pairs[k] <> pair THEN
                    pairs := pairs[1:k] || pair || pairs[k + 1:];
                END IF;
            END LOOP;
        END LOOP;
        RETURN pairs;
    END
    $$;
--rollback CREATE OR REPLACE FUNCTION ps_name_pairs(tokens text[]) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$ SELECT coalesce(array_agg(DISTINCT least(a.t, b.t) || ' ' || greatest(a.t, b.t)), '{}') FROM unnest(tokens) WITH ORDINALITY AS a(t, i) JOIN unnest(tokens) WITH ORDINALITY AS b(t, j) ON a.i < b.j $$;

--changeset patient-search:105-fn-collect-name-tokens splitStatements:false rollbackSplitStatements:false
CREATE OR REPLACE FUNCTION ps_collect_name_tokens() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    BEGIN
        IF current_setting('patient_search.name_dictionaries', true) = 'deferred' THEN
            RETURN NULL; -- a bulk load: its backlog is drained at the end
        END IF;
        WITH fresh AS (
            INSERT INTO name_token (token)
            SELECT DISTINCT t FROM changed_patients, unnest(changed_patients.name_tokens) AS t
            ON CONFLICT (token) DO NOTHING
            RETURNING token
        )
        INSERT INTO name_token_variant (variant, token)
        SELECT v.variant, v.token FROM ps_token_variants(ARRAY(SELECT token FROM fresh)) AS v
        ON CONFLICT DO NOTHING;
        RETURN NULL;
    END
    $$;
--rollback CREATE OR REPLACE FUNCTION ps_collect_name_tokens() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN WITH fresh AS (INSERT INTO name_token (token) SELECT DISTINCT t FROM changed_patients, unnest(changed_patients.name_tokens) AS t ON CONFLICT (token) DO NOTHING RETURNING token) INSERT INTO name_token_variant (variant, token) SELECT d, fresh.token FROM fresh, ps_token_deletes(fresh.token) AS d ON CONFLICT DO NOTHING; RETURN NULL; END $$;

--changeset patient-search:105-fn-collect-name-pairs splitStatements:false rollbackSplitStatements:false
CREATE OR REPLACE FUNCTION ps_collect_name_pairs() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    BEGIN
        IF current_setting('patient_search.name_dictionaries', true) = 'deferred' THEN
            RETURN NULL;
        END IF;
        INSERT INTO name_token_pair (token_a, token_b)
        SELECT DISTINCT split_part(pair, ' ', 1), split_part(pair, ' ', 2)
        FROM changed_patients, unnest(changed_patients.name_pairs) AS pair
        ON CONFLICT DO NOTHING;
        RETURN NULL;
    END
    $$;
--rollback CREATE OR REPLACE FUNCTION ps_collect_name_pairs() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO name_token_pair (token_a, token_b) SELECT DISTINCT split_part(pair, ' ', 1), split_part(pair, ' ', 2) FROM changed_patients, unnest(changed_patients.name_pairs) AS pair ON CONFLICT DO NOTHING; RETURN NULL; END $$;

--changeset patient-search:105-name-dictionary-backlog
-- Patients written by a bulk load whose dictionary entries are still to be derived. Ids only; no foreign key (a
-- check per row is what this avoids), and patients are never deleted, only merged.
CREATE TABLE name_dictionary_backlog (
    patient_id  bigint NOT NULL
);
GRANT SELECT, INSERT, DELETE ON name_dictionary_backlog TO patient_search_app;
--rollback DROP TABLE name_dictionary_backlog;

--changeset patient-search:105-fn-drain-name-dictionary-backlog splitStatements:false
-- Claims the backlog rows of the patients the caller can see (all of them for the owner; under row-level security an
-- importer's own clinics), then one statement per dictionary. Returns the patients claimed.
CREATE OR REPLACE FUNCTION ps_drain_name_dictionary_backlog() RETURNS bigint
    LANGUAGE plpgsql
    -- the distinct pairs of a million patients are millions of strings: sort them in memory, not in temp files
    SET work_mem = '256MB'
    AS $$
    DECLARE
        claimed bigint;
    BEGIN
        DROP TABLE IF EXISTS pg_temp.ps_backlog_claimed;
        CREATE TEMP TABLE ps_backlog_claimed (patient_id bigint PRIMARY KEY) ON COMMIT DROP;
        WITH gone AS (
            DELETE FROM name_dictionary_backlog b USING patient p WHERE p.id = b.patient_id RETURNING b.patient_id
        )
        INSERT INTO ps_backlog_claimed SELECT DISTINCT patient_id FROM gone;
        GET DIAGNOSTICS claimed = ROW_COUNT;
        IF claimed = 0 THEN
            RETURN 0;
        END IF;
        ANALYZE ps_backlog_claimed;
        WITH fresh AS (
            INSERT INTO name_token (token)
            SELECT DISTINCT t FROM ps_backlog_claimed c JOIN patient p ON p.id = c.patient_id, unnest(p.name_tokens) AS t
            ON CONFLICT (token) DO NOTHING
            RETURNING token
        )
        INSERT INTO name_token_variant (variant, token)
        SELECT v.variant, v.token FROM ps_token_variants(ARRAY(SELECT token FROM fresh)) AS v
        ORDER BY 1, 2
        ON CONFLICT DO NOTHING;
        INSERT INTO name_token_pair (token_a, token_b)
        SELECT DISTINCT split_part(pair, ' ', 1), split_part(pair, ' ', 2)
        FROM ps_backlog_claimed c JOIN patient p ON p.id = c.patient_id, unnest(p.name_pairs) AS pair
        ORDER BY 1, 2
        ON CONFLICT DO NOTHING;
        DROP TABLE pg_temp.ps_backlog_claimed;
        RETURN claimed;
    END
    $$;
GRANT EXECUTE ON FUNCTION ps_drain_name_dictionary_backlog() TO patient_search_app;
--rollback DROP FUNCTION IF EXISTS ps_drain_name_dictionary_backlog();
