--liquibase formatted sql

-- Range partitioning by time for the tables that grow without bound (audit_event, appointment): docs/operations.md,
-- "Partitions and retention". The conversion reads everything the table has from the catalog (columns, defaults,
-- generated columns, checks, indexes, foreign keys, triggers, row-level security and its policies, grants), so a
-- column, index, trigger or policy that an earlier changeSet added comes along without being named here. Partitions
-- are calendar months in UTC, named <table>_pYYYY_MM, plus <table>_default for rows outside them; the app's
-- PartitionMaintenance creates months ahead and detaches (never drops) those past retention.

--changeset patient-search:110-fn-name-partition-indexes splitStatements:false
-- A partition's indexes are named after their parent index and the partition's suffix
-- (appointment_patient_starts_idx_p2026_11), so plans and index reports name the index they mean.
CREATE OR REPLACE FUNCTION ps_name_partition_indexes(part regclass) RETURNS void
    LANGUAGE plpgsql
    AS $$
    DECLARE
        suffix text := substring((SELECT relname FROM pg_class WHERE oid = part) FROM '_(p[0-9_]+|default)$');
        i record;
    BEGIN
        FOR i IN SELECT c.relname AS name, left(pc.relname, 62 - length(suffix)) || '_' || suffix AS wanted
                 FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid
                 JOIN pg_inherits h ON h.inhrelid = x.indexrelid JOIN pg_class pc ON pc.oid = h.inhparent
                 WHERE x.indrelid = part LOOP
            IF i.name <> i.wanted THEN
                EXECUTE format('ALTER INDEX %I RENAME TO %I', i.name, i.wanted);
            END IF;
        END LOOP;
    END
    $$;
--rollback DROP FUNCTION IF EXISTS ps_name_partition_indexes(regclass);

--changeset patient-search:110-fn-table-dependents splitStatements:false
-- The statements that give a table named tab what rel has besides its columns and indexes: foreign keys, triggers
-- (and which are disabled), row-level security, policies, grants. Read from the catalog, run after a rebuild.
CREATE OR REPLACE FUNCTION ps_table_dependents(rel regclass, tab text) RETURNS text[]
    LANGUAGE sql STABLE
    AS $$
        SELECT coalesce(array_agg(ddl ORDER BY step, n), '{}') FROM (
            SELECT 1, 0, format('ALTER TABLE %I ADD CONSTRAINT %I %s', tab, conname, pg_get_constraintdef(oid))
            FROM pg_constraint WHERE conrelid = rel AND contype = 'f' AND conparentid = 0
            UNION ALL
            SELECT 2, 0, pg_get_triggerdef(oid) FROM pg_trigger WHERE tgrelid = rel AND NOT tgisinternal
            UNION ALL
            SELECT 3, 0, format('ALTER TABLE %I DISABLE TRIGGER %I', tab, tgname)
            FROM pg_trigger WHERE tgrelid = rel AND NOT tgisinternal AND tgenabled = 'D'
            UNION ALL
            SELECT 4, 0, format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', tab)
            FROM pg_class WHERE oid = rel AND relrowsecurity
            UNION ALL
            SELECT 4, 1, format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', tab)
            FROM pg_class WHERE oid = rel AND relforcerowsecurity
            UNION ALL
            SELECT 5, 0, format('CREATE POLICY %I ON %I AS %s FOR %s TO %s%s%s', policyname, tab, permissive, cmd,
                                (SELECT string_agg(CASE WHEN r = 'public' THEN 'PUBLIC' ELSE quote_ident(r) END, ', ')
                                 FROM unnest(roles) AS r),
                                ' USING (' || qual || ')', ' WITH CHECK (' || with_check || ')')
            FROM pg_policies WHERE schemaname = current_schema() AND tablename = tab
            UNION ALL
            SELECT 6, 0, format('GRANT %s ON %I TO %s%s', a.privilege_type, tab,
                                CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END,
                                CASE WHEN a.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END)
            FROM pg_class c, aclexplode(c.relacl) AS a WHERE c.oid = rel AND a.grantee <> c.relowner
        ) AS x (step, n, ddl)
    $$;
--rollback DROP FUNCTION IF EXISTS ps_table_dependents(regclass, text);

--changeset patient-search:110-fn-create-range-partition splitStatements:false
-- One month [month_start, next month) of parent. Statement-level triggers (TRUNCATE) are not inherited by
-- partitions: they are copied onto it, so truncating a partition directly is refused like truncating the parent.
-- Rows of that month already in the default partition are moved into the new one (the default partition's own
-- triggers decide whether they may leave it: audit rows may not, and the partition is then not created).
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
            EXECUTE format('CREATE TABLE %I (LIKE %s INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING GENERATED)',
                           part, parent);
            EXECUTE format('WITH gone AS (DELETE FROM %s WHERE %I >= $1 AND %I < $2 RETURNING %s) '
                           'INSERT INTO %I (%s) SELECT %s FROM gone',
                           default_part, key_column, key_column, columns, part, columns, columns)
                USING lower_bound, upper_bound;
            EXECUTE format('ALTER TABLE %s ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)',
                           parent, part, lower_bound, upper_bound);
        END IF;
        FOR t IN SELECT tgname, pg_get_triggerdef(oid) AS def FROM pg_trigger
                 WHERE tgrelid = parent AND NOT tgisinternal AND (tgtype & 1) = 0 LOOP
            EXECUTE regexp_replace(t.def, ' ON \S+ ', ' ON ' || quote_ident(part) || ' ');
        END LOOP;
        PERFORM ps_name_partition_indexes(part::regclass);
        RETURN part;
    END
    $$;
--rollback DROP FUNCTION IF EXISTS ps_create_month_partition(regclass, timestamptz);

--changeset patient-search:110-fn-detach-partition splitStatements:false
-- Detaching drops the row triggers a partition inherited from its parent: they are recreated on the detached table,
-- so a detached audit month stays append-only (it is kept, never dropped here; docs/operations.md).
CREATE OR REPLACE FUNCTION ps_detach_partition(parent regclass, part regclass) RETURNS void
    LANGUAGE plpgsql
    AS $$
    DECLARE
        t record;
        triggers text[];
    BEGIN
        SELECT array_agg(regexp_replace(pg_get_triggerdef(oid), ' ON \S+ ', ' ON ' || part::text || ' '))
            INTO triggers FROM pg_trigger WHERE tgrelid = parent AND NOT tgisinternal AND (tgtype & 1) = 1;
        EXECUTE format('ALTER TABLE %s DETACH PARTITION %s', parent, part);
        FOR t IN SELECT unnest(coalesce(triggers, '{}')) AS def LOOP
            EXECUTE t.def;
        END LOOP;
    END
    $$;
--rollback DROP FUNCTION IF EXISTS ps_detach_partition(regclass, regclass);

--changeset patient-search:110-fn-partition-by-month splitStatements:false
-- Replaces table by a table of the same shape partitioned by month of key_column, and moves its rows. The primary key
-- gains key_column (a partitioned table's unique keys must hold it); an identity column becomes a sequence default
-- continuing after the highest id, usable by every role that could insert; a foreign key pointing AT the table, or
-- another unique constraint, cannot be carried over and stops the conversion. Months from the oldest row to
-- months_ahead after now (and at least months_back before it) get a partition, and a default partition takes rows
-- outside them. Runs under an exclusive lock on the table for the time of the copy.
CREATE OR REPLACE FUNCTION ps_partition_by_month(tab text, key_column text, months_back int, months_ahead int)
    RETURNS void
    LANGUAGE plpgsql
    AS $$
    DECLARE
        old_name text := tab || '_unpartitioned';
        rel regclass := tab::regclass;
        index_defs text[];
        dependents text[];
        pk_columns text;
        pk_name text;
        columns text;
        first_month timestamptz;
        last_month timestamptz;
        month timestamptz;
        identity record;
        start_value bigint;
        d text;
        t record;
    BEGIN
        IF EXISTS (SELECT 1 FROM pg_constraint WHERE confrelid = rel AND contype = 'f') THEN
            RAISE EXCEPTION 'foreign keys reference %: they would need its partition key too', tab;
        END IF;
        IF EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = rel AND contype IN ('u', 'x')) THEN
            RAISE EXCEPTION '% has unique constraints besides its primary key: add % to them first', tab, key_column;
        END IF;
        EXECUTE format('LOCK TABLE %I IN ACCESS EXCLUSIVE MODE', tab);

        -- everything the new table must have again, read while the names are still the table's own
        SELECT array_agg(pg_get_indexdef(i.indexrelid)) INTO index_defs FROM pg_index i
            WHERE i.indrelid = rel AND NOT i.indisprimary;
        SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY array_position(i.indkey::int2[], a.attnum)), max(c.conname)
            INTO pk_columns, pk_name
            FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
            JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.contype = 'p'
            WHERE i.indrelid = rel AND i.indisprimary;
        dependents := ps_table_dependents(rel, tab);
        SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) INTO columns FROM pg_attribute
            WHERE attrelid = rel AND attnum > 0 AND NOT attisdropped AND attgenerated = '';

        EXECUTE format('ALTER TABLE %I RENAME TO %I', tab, old_name);
        FOR d IN SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = rel LOOP
            EXECUTE format('ALTER INDEX %I RENAME TO %I', d, left(d, 59) || '_old');
        END LOOP;
        EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING GENERATED INCLUDING CONSTRAINTS '
                       'INCLUDING STORAGE INCLUDING COMMENTS INCLUDING COMPRESSION) PARTITION BY RANGE (%I)',
                       tab, old_name, key_column);
        EXECUTE format('COMMENT ON TABLE %I IS %L', tab, obj_description(rel, 'pg_class'));

        -- identity: a sequence of the new table's own, continuing where the old one was
        FOR identity IN SELECT attname FROM pg_attribute WHERE attrelid = rel AND attidentity <> '' LOOP
            EXECUTE format('SELECT coalesce(max(%I), 0) + 1 FROM %I', identity.attname, old_name) INTO start_value;
            EXECUTE format('SELECT greatest(%s, coalesce(last_value, 0) + 1) FROM %s', start_value,
                           pg_get_serial_sequence(quote_ident(old_name), identity.attname)) INTO start_value;
            EXECUTE format('CREATE SEQUENCE %I AS bigint START WITH %s OWNED BY %I.%I',
                           tab || '_' || identity.attname || '_part_seq', start_value, tab, identity.attname);
            EXECUTE format('ALTER TABLE %I ALTER COLUMN %I SET DEFAULT nextval(%L)', tab, identity.attname,
                           tab || '_' || identity.attname || '_part_seq');
            FOR d IN SELECT DISTINCT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END
                     FROM pg_class c, aclexplode(c.relacl) AS a
                     WHERE c.oid = rel AND a.privilege_type = 'INSERT' AND a.grantee <> c.relowner LOOP
                EXECUTE format('GRANT USAGE ON SEQUENCE %I TO %s', tab || '_' || identity.attname || '_part_seq', d);
            END LOOP;
        END LOOP;

        EXECUTE format('CREATE TABLE %I PARTITION OF %I DEFAULT', tab || '_default', tab);
        EXECUTE format('SELECT date_trunc(''month'', min(%I) AT TIME ZONE ''UTC'') AT TIME ZONE ''UTC'' FROM %I',
                       key_column, old_name) INTO first_month;
        first_month := least(coalesce(first_month, now()),
                             date_trunc('month', (now() - make_interval(months => months_back)) AT TIME ZONE 'UTC') AT TIME ZONE 'UTC');
        EXECUTE format('SELECT max(%I) FROM %I', key_column, old_name) INTO last_month;
        last_month := greatest(coalesce(last_month, now()), now() + make_interval(months => months_ahead));
        month := first_month;
        WHILE month <= last_month LOOP
            PERFORM ps_create_month_partition(tab::regclass, month);
            month := (month AT TIME ZONE 'UTC' + interval '1 month') AT TIME ZONE 'UTC';
        END LOOP;

        EXECUTE format('INSERT INTO %I (%s) SELECT %s FROM %I', tab, columns, columns, old_name);

        EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I PRIMARY KEY (%s%s)', tab, pk_name, pk_columns,
                       CASE WHEN key_column = ANY (string_to_array(replace(pk_columns, '"', ''), ', ')) THEN ''
                            ELSE ', ' || quote_ident(key_column) END);
        FOREACH d IN ARRAY coalesce(index_defs, '{}') LOOP
            EXECUTE d;
        END LOOP;
        FOR d IN SELECT i.inhrelid::regclass::text FROM pg_inherits i WHERE i.inhparent = tab::regclass LOOP
            PERFORM ps_name_partition_indexes(d::regclass);
        END LOOP;
        -- the old table is renamed: the definitions name the new one
        FOREACH d IN ARRAY dependents LOOP
            EXECUTE d;
        END LOOP;
        -- the statement-level triggers just created on the parent, onto the partitions made before them
        FOR d IN SELECT i.inhrelid::regclass::text FROM pg_inherits i WHERE i.inhparent = tab::regclass LOOP
            FOR t IN SELECT pg_get_triggerdef(oid) AS def FROM pg_trigger
                     WHERE tgrelid = tab::regclass AND NOT tgisinternal AND (tgtype & 1) = 0 LOOP
                EXECUTE regexp_replace(t.def, ' ON \S+ ', ' ON ' || d || ' ');
            END LOOP;
        END LOOP;
        EXECUTE format('DROP TABLE %I', old_name);
    END
    $$;
--rollback DROP FUNCTION IF EXISTS ps_partition_by_month(text, text, int, int);

--changeset patient-search:110-fn-unpartition splitStatements:false
-- The way back (rollbacks): a plain table of the same shape with every row, its indexes, foreign keys, triggers,
-- policies and grants; the primary key loses key_column again and id_column is an identity column again.
CREATE OR REPLACE FUNCTION ps_unpartition(tab text, key_column text, id_column text, identity_kind text) RETURNS void
    LANGUAGE plpgsql
    AS $$
    DECLARE
        old_name text := tab || '_partitioned';
        rel regclass := tab::regclass;
        index_defs text[];
        dependents text[];
        pk_columns text;
        pk_name text;
        columns text;
        start_value bigint;
        d text;
    BEGIN
        EXECUTE format('LOCK TABLE %I IN ACCESS EXCLUSIVE MODE', tab);
        SELECT array_agg(replace(pg_get_indexdef(i.indexrelid), ' ON ONLY ', ' ON ')) INTO index_defs FROM pg_index i
            WHERE i.indrelid = rel AND NOT i.indisprimary;
        SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY array_position(i.indkey::int2[], a.attnum)), max(c.conname)
            INTO pk_columns, pk_name
            FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
            JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.contype = 'p'
            WHERE i.indrelid = rel AND i.indisprimary AND a.attname <> key_column;
        dependents := ps_table_dependents(rel, tab);
        SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) INTO columns FROM pg_attribute
            WHERE attrelid = rel AND attnum > 0 AND NOT attisdropped AND attgenerated = '';

        EXECUTE format('ALTER TABLE %I RENAME TO %I', tab, old_name);
        FOR d IN SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = rel LOOP
            EXECUTE format('ALTER INDEX %I RENAME TO %I', d, left(d, 59) || '_old');
        END LOOP;
        EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING GENERATED INCLUDING CONSTRAINTS '
                       'INCLUDING STORAGE INCLUDING COMMENTS INCLUDING COMPRESSION)', tab, old_name);
        EXECUTE format('COMMENT ON TABLE %I IS %L', tab, obj_description(rel, 'pg_class'));
        EXECUTE format('INSERT INTO %I (%s) SELECT %s FROM %I', tab, columns, columns, old_name);
        EXECUTE format('SELECT coalesce(max(%I), 0) + 1 FROM %I', id_column, tab) INTO start_value;
        EXECUTE format('ALTER TABLE %I ALTER COLUMN %I DROP DEFAULT', tab, id_column);
        EXECUTE format('ALTER TABLE %I ALTER COLUMN %I ADD GENERATED %s AS IDENTITY (START WITH %s)',
                       tab, id_column, identity_kind, start_value);
        EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I PRIMARY KEY (%s)', tab, pk_name, pk_columns);
        FOREACH d IN ARRAY coalesce(index_defs, '{}') LOOP
            EXECUTE d;
        END LOOP;
        FOREACH d IN ARRAY dependents LOOP
            EXECUTE d;
        END LOOP;
        EXECUTE format('DROP TABLE %I CASCADE', old_name);
    END
    $$;
--rollback DROP FUNCTION IF EXISTS ps_unpartition(text, text, text, text);
