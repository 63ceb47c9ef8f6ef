--liquibase formatted sql

-- Bulk loads and the two name GIN indexes (docs/performance.md, "Imports"). 013 and 080 turned fastupdate off so that
-- searches never scan a pending list; every patient written then puts each of its name tokens and pairs into the GIN
-- trees one by one, the largest part of an import's index work. For the length of a bulk load the indexes take the
-- pending list instead (entries appended, merged into the trees in sorted batches whenever the list passes
-- gin_pending_list_limit, 4MB by default, so a search meanwhile scans at most that much), and the end of the load
-- turns it off again and merges what is left. Owner-only DDL, so a SECURITY DEFINER function lets the HTTP import (the
-- app's login) do it too; it can do nothing else, and a load that dies half-way leaves fastupdate on only until the
-- next load ends (AfterLoad calls it too).

--changeset patient-search:161-fn-name-indexes-bulk-load splitStatements:false
CREATE OR REPLACE FUNCTION ps_name_indexes_bulk_load(bulk boolean) RETURNS void
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = public, pg_temp
    AS $$
    BEGIN
        IF bulk THEN
            ALTER INDEX patient_name_tokens_gin SET (fastupdate = on);
            ALTER INDEX patient_name_pairs_gin SET (fastupdate = on);
        ELSE
            ALTER INDEX patient_name_tokens_gin SET (fastupdate = off);
            ALTER INDEX patient_name_pairs_gin SET (fastupdate = off);
            PERFORM gin_clean_pending_list('patient_name_tokens_gin'::regclass);
            PERFORM gin_clean_pending_list('patient_name_pairs_gin'::regclass);
        END IF;
    END
    $$;
REVOKE ALL ON FUNCTION ps_name_indexes_bulk_load(boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ps_name_indexes_bulk_load(boolean) TO patient_search_app;
--rollback DROP FUNCTION IF EXISTS ps_name_indexes_bulk_load(boolean);
