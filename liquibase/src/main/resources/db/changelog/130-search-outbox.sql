--liquibase formatted sql

-- Hibernate Search's outbox-polling coordination (search.engine lucene with search.lucene.coordination
-- outbox-polling, docs/search-engines.md): several app nodes each hold a Lucene index; a write records an event in
-- hsearch_outbox_event in its own transaction, and every node's background processor indexes it. Agents register in
-- hsearch_agent to share the work. The tables are created here, not by Hibernate (which only validates them); their
-- shape is Hibernate Search 7.2's own (its schema export on PostgreSQL). They hold entity ids and dirty paths, no
-- patient data, so row-level security does not apply.

--changeset patient-search:130-hsearch-agent
CREATE TABLE hsearch_agent (
    id                 uuid                        NOT NULL PRIMARY KEY,
    type               varchar(255)                NOT NULL
        CHECK (type IN ('EVENT_PROCESSING_DYNAMIC_SHARDING', 'EVENT_PROCESSING_STATIC_SHARDING', 'MASS_INDEXING')),
    name               varchar(255)                NOT NULL,
    expiration         timestamp(6) with time zone NOT NULL,
    state              varchar(255)                NOT NULL CHECK (state IN ('RUNNING', 'WAITING', 'SUSPENDED')),
    totalshardcount    integer,
    assignedshardindex integer,
    tenantid           varchar(255),
    payload            bytea
);
--rollback DROP TABLE IF EXISTS hsearch_agent;

--changeset patient-search:130-hsearch-outbox-event
CREATE TABLE hsearch_outbox_event (
    id           uuid                        NOT NULL PRIMARY KEY,
    entityname   varchar(256)                NOT NULL,
    entityid     varchar(256)                NOT NULL,
    entityidhash integer                     NOT NULL,
    payload      bytea                       NOT NULL,
    retries      integer                     NOT NULL,
    processafter timestamp(6) with time zone NOT NULL,
    status       varchar(255)                NOT NULL CHECK (status IN ('PENDING', 'ABORTED')),
    tenantid     varchar(255)
);
--rollback DROP TABLE IF EXISTS hsearch_outbox_event;

--changeset patient-search:130-hsearch-outbox-event-hash-idx runInTransaction:false
-- the processors pick events by shard (entityidhash), pending ones first, due ones (processafter) in order
CREATE INDEX CONCURRENTLY IF NOT EXISTS hsearch_outbox_event_hash_idx ON hsearch_outbox_event (entityidhash);
--rollback DROP INDEX CONCURRENTLY IF EXISTS hsearch_outbox_event_hash_idx;

--changeset patient-search:130-hsearch-outbox-event-status-idx runInTransaction:false
CREATE INDEX CONCURRENTLY IF NOT EXISTS hsearch_outbox_event_status_idx ON hsearch_outbox_event (status);
--rollback DROP INDEX CONCURRENTLY IF EXISTS hsearch_outbox_event_status_idx;

--changeset patient-search:130-hsearch-outbox-event-process-after-idx runInTransaction:false
CREATE INDEX CONCURRENTLY IF NOT EXISTS hsearch_outbox_event_process_after_idx ON hsearch_outbox_event (processafter);
--rollback DROP INDEX CONCURRENTLY IF EXISTS hsearch_outbox_event_process_after_idx;

--changeset patient-search:130-app-grants
-- the app's login writes events with its patients and runs the processors
GRANT SELECT, INSERT, UPDATE, DELETE ON hsearch_agent, hsearch_outbox_event TO patient_search_app;
--rollback REVOKE ALL ON hsearch_agent, hsearch_outbox_event FROM patient_search_app;
