--liquibase formatted sql

-- Address search (docs/indexing.md): a front desk confirms identity by street, town or postal code, typed with typos
-- and without accents. One normalised key per address (street, city, postal code: lower case, accents and punctuation
-- off, the same rules as names), kept by the database for every writer (ORM, COPY, psql), and a trigram GIN on it:
-- substring (LIKE '%...%') and typo-tolerant word similarity (%>) both ride that one index.

--changeset patient-search:090-fn-address-key splitStatements:false
-- IMMUTABLE through ps_normalize_name and its pinned-dictionary unaccent wrapper (010), so a generated column can use it.
CREATE OR REPLACE FUNCTION ps_address_key(street text, city text, postal_code text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT ps_normalize_name(concat_ws(' ', street, city, postal_code)) $$;
--rollback DROP FUNCTION IF EXISTS ps_address_key(text, text, text);

--changeset patient-search:090-address-search-key
-- A stored column, not an expression index: the query then compares a plain column, so only the operators' own
-- functions must be LEAKPROOF under row-level security (090-leakproof-trigram), not the whole normalisation.
ALTER TABLE address ADD COLUMN search_key text GENERATED ALWAYS AS (ps_address_key(street, city, postal_code)) STORED;
--rollback ALTER TABLE address DROP COLUMN search_key;

--changeset patient-search:090-address-search-key-trgm runInTransaction:false
CREATE INDEX CONCURRENTLY IF NOT EXISTS address_search_key_trgm_gin ON address USING gin (search_key gin_trgm_ops);
--rollback DROP INDEX CONCURRENTLY IF EXISTS address_search_key_trgm_gin;

--changeset patient-search:090-leakproof-trigram
--preconditions onFail:CONTINUE
--precondition-sql-check expectedResult:t SELECT rolsuper FROM pg_roles WHERE rolname = current_user
-- Like 070-leakproof-index-functions: under row-level security a condition on address can drive the trigram index only
-- if its functions are LEAKPROOF. LIKE (textlike) and word similarity (%>) answer true or false and raise no error
-- that depends on the row. Only a superuser may mark them; docs/security.md gives the statements for a DBA.
ALTER FUNCTION pg_catalog.textlike(text, text) LEAKPROOF;
ALTER FUNCTION public.word_similarity_commutator_op(text, text) LEAKPROOF;
--rollback ALTER FUNCTION public.word_similarity_commutator_op(text, text) NOT LEAKPROOF;
--rollback ALTER FUNCTION pg_catalog.textlike(text, text) NOT LEAKPROOF;
