--liquibase formatted sql

-- Audit events that landed in audit_event_default (their month did not exist yet) can now move into their month like
-- stray appointments do. 110's ps_create_month_partition moved rows with a DELETE from the default partition, which
-- the append-only triggers of 060 refuse on audit_event; the month was then never created and the scheduler skipped it
-- with a warning. docs/operations.md, "Partitions and retention".

--changeset patient-search:160-fn-create-range-partition-append-only-default splitStatements:false rollbackSplitStatements:false
-- Same as 110's version, except when the default partition refuses DELETE (see the comment inside).
CREATE OR REPLACE FUNCTION ps_create_month_partition(parent regclass, month_start timestamptz) RETURNS text
    LANGUAGE plpgsql
    AS $$
    DECLARE
        parent_name text := (SELECT relname FROM pg_class WHERE oid = parent);
        lower_bound timestamptz := date_trunc('month', month_start AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
        upper_bound timestamptz := (date_trunc('month', month_start AT TIME ZONE 'UTC') + interval '1 month') AT TIME ZONE 'UTC';
        part text := parent_name || '_p' || to_char(month_start AT TIME ZONE 'UTC', 'YYYY_MM');
        key_column text;
        default_part regclass;
        columns text;
        moved bigint := 0;
        append_only_default boolean;
        t record;
    BEGIN
        IF to_regclass(quote_ident(part)) IS NOT NULL THEN
            RETURN NULL;
        END IF;
        SELECT a.attname INTO key_column FROM pg_partitioned_table p JOIN pg_attribute a
            ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0] WHERE p.partrelid = parent;
        SELECT i.inhrelid::regclass INTO default_part FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = parent AND pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT';
        IF default_part IS NOT NULL THEN
            EXECUTE format('SELECT count(*) FROM %s WHERE %I >= $1 AND %I < $2', default_part, key_column, key_column)
                INTO moved USING lower_bound, upper_bound;
        END IF;
        IF moved = 0 THEN
            EXECUTE format('CREATE TABLE %I PARTITION OF %s FOR VALUES FROM (%L) TO (%L)',
                           part, parent, lower_bound, upper_bound);
        ELSE
            SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) INTO columns FROM pg_attribute
                WHERE attrelid = parent AND attnum > 0 AND NOT attisdropped AND attgenerated = '';
            -- A default partition whose row triggers refuse DELETE (audit_event's append-only ones) holds them only
            -- while attached: PostgreSQL drops inherited triggers on detach and clones them again on attach. So it is
            -- detached for the move and attached again, in this transaction, under the exclusive lock on the parent
            -- that DETACH takes: no other session ever sees it detached or the parent without it, and nothing but
            -- this month's rows leaves it. The triggers stay on the parent and on every other partition throughout.
            SELECT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = default_part AND NOT tgisinternal
                           AND tgenabled <> 'D' AND (tgtype & 9) = 9)
                INTO append_only_default;
            IF append_only_default THEN
                EXECUTE format('ALTER TABLE %s DETACH PARTITION %s', parent, default_part);
            END IF;
            EXECUTE format('CREATE TABLE %I (LIKE %s INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING GENERATED)',
                           part, parent);
            EXECUTE format('WITH gone AS (DELETE FROM %s WHERE %I >= $1 AND %I < $2 RETURNING %s) '
                           'INSERT INTO %I (%s) SELECT %s FROM gone',
                           default_part, key_column, key_column, columns, part, columns, columns)
                USING lower_bound, upper_bound;
            EXECUTE format('ALTER TABLE %s ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)',
                           parent, part, lower_bound, upper_bound);
            IF append_only_default THEN
                EXECUTE format('ALTER TABLE %s ATTACH PARTITION %s DEFAULT', parent, default_part);
                PERFORM ps_name_partition_indexes(default_part);
            END IF;
        END IF;
        FOR t IN SELECT tgname, pg_get_triggerdef(oid) AS def FROM pg_trigger
                 WHERE tgrelid = parent AND NOT tgisinternal AND (tgtype & 1) = 0 LOOP
            EXECUTE regexp_replace(t.def, ' ON \S+ ', ' ON ' || quote_ident(part) || ' ');
        END LOOP;
        PERFORM ps_name_partition_indexes(part::regclass);
        RETURN part;
    END
    $$;
--rollback CREATE OR REPLACE FUNCTION ps_create_month_partition(parent regclass, month_start timestamptz) RETURNS text
--rollback     LANGUAGE plpgsql
--rollback     AS $$
--rollback     DECLARE
--rollback         parent_name text := (SELECT relname FROM pg_class WHERE oid = parent);
--rollback         lower_bound timestamptz := date_trunc('month', month_start AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
--rollback         upper_bound timestamptz := (date_trunc('month', month_start AT TIME ZONE 'UTC') + interval '1 month') AT TIME ZONE 'UTC';
--rollback         part text := parent_name || '_p' || to_char(month_start AT TIME ZONE 'UTC', 'YYYY_MM');
--rollback         key_column text;
--rollback         default_part regclass;
--rollback         columns text;
--rollback         moved bigint := 0;
--rollback         t record;
--rollback     BEGIN
--rollback         IF to_regclass(quote_ident(part)) IS NOT NULL THEN
--rollback             RETURN NULL;
--rollback         END IF;
--rollback         SELECT a.attname INTO key_column FROM pg_partitioned_table p JOIN pg_attribute a
--rollback             ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0] WHERE p.partrelid = parent;
--rollback         SELECT i.inhrelid::regclass INTO default_part FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
--rollback             WHERE i.inhparent = parent AND pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT';
--rollback         IF default_part IS NOT NULL THEN
--rollback             EXECUTE format('SELECT count(*) FROM %s WHERE %I >= $1 AND %I < $2', default_part, key_column, key_column)
--rollback                 INTO moved USING lower_bound, upper_bound;
--rollback         END IF;
--rollback         IF moved = 0 THEN
--rollback             EXECUTE format('CREATE TABLE %I PARTITION OF %s FOR VALUES FROM (%L) TO (%L)',
--rollback                            part, parent, lower_bound, upper_bound);
--rollback         ELSE
--rollback             SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) INTO columns FROM pg_attribute
--rollback                 WHERE attrelid = parent AND attnum > 0 AND NOT attisdropped AND attgenerated = '';
--rollback             EXECUTE format('CREATE TABLE %I (LIKE %s INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING GENERATED)',
--rollback                            part, parent);
--rollback             EXECUTE format('WITH gone AS (DELETE FROM %s WHERE %I >= $1 AND %I < $2 RETURNING %s) '
--rollback                            'INSERT INTO %I (%s) SELECT %s FROM gone',
--rollback                            default_part, key_column, key_column, columns, part, columns, columns)
--rollback                 USING lower_bound, upper_bound;
--rollback             EXECUTE format('ALTER TABLE %s ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)',
--rollback                            parent, part, lower_bound, upper_bound);
--rollback         END IF;
--rollback         FOR t IN SELECT tgname, pg_get_triggerdef(oid) AS def FROM pg_trigger
--rollback                  WHERE tgrelid = parent AND NOT tgisinternal AND (tgtype & 1) = 0 LOOP
--rollback             EXECUTE regexp_replace(t.def, ' ON \S+ ', ' ON ' || quote_ident(part) || ' ');
--rollback         END LOOP;
--rollback         PERFORM ps_name_partition_indexes(part::regclass);
--rollback         RETURN part;
--rollback     END
--rollback     $$;
