--liquibase formatted sql

-- With fastupdate (the default), inserts go to an unsorted pending list that every search must scan until VACUUM
-- merges it: after a bulk load of 1M patients that list dominated every name search (docs/performance.md).
-- Search is read-mostly, so writes pay instead: each insert updates the index directly. Bulk loads also flush any
-- list left from before (AfterLoad: gin_clean_pending_list).

--changeset patient-search:013-patient-name-tokens-gin-no-fastupdate
ALTER INDEX patient_name_tokens_gin SET (fastupdate = off);
--rollback ALTER INDEX patient_name_tokens_gin SET (fastupdate = on);
