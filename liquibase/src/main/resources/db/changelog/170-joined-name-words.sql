--liquibase formatted sql

-- A name part of two words or more ("De la Cruz", "Jones-Jarvi", "Mary Ann") is also one name word: its words joined
-- ("delacruz", "jonesjarvi", "maryann"). The same person is registered one way and searched the other, and the census
-- spells such surnames joined. The index engines add the same word (NameNormalizer.joined, PatientIndexConfigurer).

--changeset patient-search:170-fn-joined-name splitStatements:false
-- The joined word of one part, or none. The cheap test comes first: most parts are one run of letters, and only a
-- part holding anything else pays for ps_normalize_name. An SQL expression, so PostgreSQL inlines it like
-- ps_name_tokens (105).
CREATE OR REPLACE FUNCTION ps_joined_name(part text) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT CASE WHEN part ~ '[^[:alpha:]]' AND strpos(ps_normalize_name(part), ' ') > 0
                      THEN ARRAY[replace(ps_normalize_name(part), ' ', '')] ELSE '{}'::text[] END $$;
--rollback DROP FUNCTION IF EXISTS ps_joined_name(text);

--changeset patient-search:170-fn-name-tokens splitStatements:false
-- 105's tokens, then the joined word of each part of several words.
CREATE OR REPLACE FUNCTION ps_name_tokens(first_name text, middle_name text, last_name text) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT array_remove(string_to_array(ps_normalize_name(
              coalesce(first_name, '') || ' ' || coalesce(middle_name, '') || ' ' || coalesce(last_name, '')), ' '), '')
              || ps_joined_name(first_name) || ps_joined_name(middle_name) || ps_joined_name(last_name) $$;
--rollback CREATE OR REPLACE FUNCTION ps_name_tokens(first_name text, middle_name text, last_name text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT array_remove(string_to_array(ps_normalize_name(coalesce(first_name, '') || ' ' || coalesce(middle_name, '') || ' ' || coalesce(last_name, '')), ' '), '') $$;

--changeset patient-search:170-recompute-joined-names
-- Patients stored before: only those with a part of more than letters can gain a word. Setting a name column to
-- itself recomputes name_tokens and name_pairs, and the statement triggers (010, 080) add the new words, their
-- spelling variants and pairs to the dictionaries. Runs as the owner, which row-level security does not filter.
UPDATE patient SET last_name = last_name
WHERE first_name ~ '[^[:alpha:]]' OR middle_name ~ '[^[:alpha:]]' OR last_name ~ '[^[:alpha:]]';
--rollback CREATE OR REPLACE FUNCTION ps_name_tokens(first_name text, middle_name text, last_name text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT array_remove(string_to_array(ps_normalize_name(coalesce(first_name, '') || ' ' || coalesce(middle_name, '') || ' ' || coalesce(last_name, '')), ' '), '') $$;
--rollback UPDATE patient SET last_name = last_name WHERE first_name ~ '[^[:alpha:]]' OR middle_name ~ '[^[:alpha:]]' OR last_name ~ '[^[:alpha:]]';
