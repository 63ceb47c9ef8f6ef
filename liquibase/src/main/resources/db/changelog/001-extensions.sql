--liquibase formatted sql

-- pg_trgm, unaccent and fuzzystrmatch are trusted extensions: a database owner may create them.
-- pg_stat_statements needs a superuser (or a DBA who created it beforehand) and shared_preload_libraries.

--changeset patient-search:001-extension-pg-trgm runInTransaction:false
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--rollback DROP EXTENSION IF EXISTS pg_trgm;

--changeset patient-search:001-extension-unaccent runInTransaction:false
CREATE EXTENSION IF NOT EXISTS unaccent;
--rollback DROP EXTENSION IF EXISTS unaccent;

--changeset patient-search:001-extension-fuzzystrmatch runInTransaction:false
CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;
--rollback DROP EXTENSION IF EXISTS fuzzystrmatch;

--changeset patient-search:001-extension-pg-stat-statements runInTransaction:false
CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
--rollback DROP EXTENSION IF EXISTS pg_stat_statements;
