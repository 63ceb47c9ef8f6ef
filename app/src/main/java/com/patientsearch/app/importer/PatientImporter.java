package com.patientsearch.app.importer;

import com.patientsearch.app.bulk.AfterLoad;
import com.patientsearch.app.bulk.ChunkPipeline;
import com.patientsearch.app.bulk.CopyText;
import com.patientsearch.app.bulk.PgCopy;
import com.patientsearch.app.bulk.Progress;
import com.patientsearch.persistence.audit.AuditEvent;
import com.patientsearch.persistence.audit.AuditTrail;
import com.patientsearch.persistence.cache.CacheEviction;
import com.patientsearch.persistence.datasource.JdbcTransaction;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Value;
import com.patientsearch.persistence.audit.AuditUnavailableException;
import com.patientsearch.persistence.scope.CallerScope;
import com.patientsearch.persistence.scope.RowSecurity;
import com.patientsearch.search.patient.PatientIndexer;
import jakarta.inject.Singleton;
import org.apache.commons.csv.CSVRecord;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Loads a patient CSV: a parser thread validates rows into COPY chunks; each chunk is copied into a temporary
 * staging table and upserted by (clinic, mrn) in one transaction, and the contacts and addresses of the patients
 * it touches are replaced by the file's. Rows that fail validation are reported and skipped. The name dictionaries
 * (tokens, variants, pairs) are not maintained chunk by chunk: each chunk records its patients in the dictionary
 * backlog, and the end of the import derives the new entries of all of them at once, also after a failure.
 */
@Singleton
class PatientImporter {

    static final int CHUNK = 10_000;

    /** Rows per chunk (transaction); tests lower it to cover several chunks with a small file. */
    int chunkRows = CHUNK;

    /**
     * Chunks written at once, each on a connection of its own ({@code imports.writers}). PostgreSQL runs a statement
     * on one core: while one chunk's upsert runs, the next one's can run on another core instead of waiting.
     */
    final int writers;

    private static final String STAGE = """
            CREATE TEMP TABLE import_patient (
                line bigint, clinic_id bigint, mrn text, first_name text, middle_name text, last_name text,
                date_of_birth date, gender text, status text, phone text, email text, street text, city text,
                region text, postal_code text, country text, patient_id bigint
            ) ON COMMIT DROP""";
    private static final String COPY_STAGE = "COPY import_patient (line, clinic_id, mrn, first_name, middle_name, "
            + "last_name, date_of_birth, gender, status, phone, email, street, city, region, postal_code, country) "
            + "FROM STDIN";
    /** The patients a chunk wrote: which (clinic, mrn) got which id, and whether it existed before. */
    private static final String WRITTEN = """
            CREATE TEMP TABLE import_written (patient_id bigint, clinic_id bigint, mrn text, existed boolean)
            ON COMMIT DROP""";
    /**
     * A re-imported patient's version goes up (at least 1); a new one has the default 0: so RETURNING tells inserts
     * from updates without another look-up of the chunk's keys in patient.
     */
    private static final String UPSERT = """
            WITH up AS (
                INSERT INTO patient (clinic_id, mrn, first_name, middle_name, last_name, date_of_birth, gender, status)
                SELECT clinic_id, mrn, first_name, middle_name, last_name, date_of_birth, gender, status
                FROM import_patient ORDER BY line
                ON CONFLICT (clinic_id, mrn) DO UPDATE SET
                    first_name = EXCLUDED.first_name, middle_name = EXCLUDED.middle_name, last_name = EXCLUDED.last_name,
                    date_of_birth = EXCLUDED.date_of_birth, gender = EXCLUDED.gender, status = EXCLUDED.status,
                    merged_into_id = CASE WHEN EXCLUDED.status = 'merged' THEN patient.merged_into_id END,
                    updated_at = now(), version = patient.version + 1
                RETURNING id, clinic_id, mrn, version > 0
            )
            INSERT INTO import_written (patient_id, clinic_id, mrn, existed) SELECT * FROM up""";
    private static final String ANALYZE_WRITTEN = "ANALYZE import_written";
    private static final String WRITTEN_IDS = "SELECT patient_id, existed FROM import_written";
    /** The name dictionaries of these patients are derived once at the end (liquibase 105), not per chunk. */
    private static final String BACKLOG =
            "INSERT INTO name_dictionary_backlog (patient_id) SELECT patient_id FROM import_written";
    // Only patients that existed can have contacts and addresses to replace: a chunk of new ones skips these.
    private static final String DELETE_CONTACTS =
            "DELETE FROM contact_info c USING import_written w WHERE c.patient_id = w.patient_id AND w.existed";
    private static final String DELETE_ADDRESSES =
            "DELETE FROM address a USING import_written w WHERE a.patient_id = w.patient_id AND w.existed";
    private static final String INSERT_CONTACTS = """
            INSERT INTO contact_info (patient_id, kind, phone, email, is_primary)
            SELECT w.patient_id, 'mobile', s.phone, s.email, true
            FROM import_patient s JOIN import_written w ON w.clinic_id = s.clinic_id AND w.mrn = s.mrn
            WHERE s.phone IS NOT NULL OR s.email IS NOT NULL
            ORDER BY s.line""";
    private static final String INSERT_ADDRESSES = """
            INSERT INTO address (patient_id, street, city, region, postal_code, country)
            SELECT w.patient_id, s.street, s.city, s.region, s.postal_code, s.country
            FROM import_patient s JOIN import_written w ON w.clinic_id = s.clinic_id AND w.mrn = s.mrn
            WHERE coalesce(s.street, s.city, s.region, s.postal_code, s.country) IS NOT NULL
            ORDER BY s.line""";

    static final String CLI_ENDPOINT = "CLI import patients";

    private final PgCopy db;
    private final AuditTrail audit;
    private final PatientIndexer indexer;
    private final BeanProvider<CacheEviction> cache;

    PatientImporter(PgCopy db, AuditTrail audit, PatientIndexer indexer, BeanProvider<CacheEviction> cache,
                    @Value("${imports.writers:2}") int writers) {
        this.writers = Math.max(1, writers);
        this.db = db;
        this.audit = audit;
        this.indexer = indexer;
        this.cache = cache;
    }

    private record Chunk(int rows, byte[] copy, long bytesRead) {
    }

    /** The command line's import: every clinic, audited as the operating-system user. */
    ImportReport importFile(Path file, Consumer<Rejection> rejections, boolean showProgress) throws Exception {
        return importCsv(Files.newInputStream(file), Files.size(file), null, CLI_ENDPOINT, rejections, showProgress);
    }

    /**
     * Imports the CSV in {@code in} (closed at the end) for {@code caller}: rows of clinics not among the caller's
     * are rejected. Each chunk is a transaction scoped to the caller (row-level security) and audited once
     * committed.
     *
     * @param caller null for the command line: every clinic in the database
     */
    ImportReport importCsv(InputStream in, long size, CallerScope caller, String endpoint,
                           Consumer<Rejection> rejections, boolean showProgress) throws Exception {
        long started = System.nanoTime();
        long[] counts = new long[4]; // read, inserted, updated, rejected
        PatientIds touched = new PatientIds();
        int chunkRows = this.chunkRows;
        // A connection per chunk, not for the whole parse: a slow upload must not hold one of the app's pool. An API
        // caller's import runs as the app's login, so row-level security checks every row it writes; the command
        // line's runs as the schema owner.
        try (InputStream input = in;
             CsvSource csv = CsvSource.open(input);
             Progress progress = showProgress ? Progress.bar("Importing", size, " MB", 1 << 20) : Progress.NONE) {
            Map<String, Integer> columns = csv.columns(PatientRowParser.REQUIRED, PatientRowParser.KNOWN);
            Map<String, Long> clinics;
            try (Connection connection = connection(caller)) {
                clinics = clinics(connection);
            }
            CallerScope scope = caller != null || clinics.isEmpty() ? caller
                    : new CallerScope("cli:" + System.getProperty("user.name", "unknown"), "importer",
                    new TreeSet<>(clinics.keySet()), null);
            PatientRowParser parser = new PatientRowParser(columns, csv.width(), clinics,
                    caller == null ? null : caller.clinics(), LocalDate.now(ZoneOffset.UTC));
            long[] progressed = {0};
            AtomicBoolean bulkIndexes = new AtomicBoolean();
            try {
            ChunkPipeline.run("import-parser", 2, writers, () -> {
                CopyText copy = new CopyText(chunkRows * 150);
                int rows = 0;
                CSVRecord record = null;
                while (rows < chunkRows && (record = csv.next()) != null) {
                    counts[0]++;
                    Object parsed = parser.parse(record, csv.line());
                    if (parsed instanceof PatientRow row) {
                        stage(copy, row);
                        rows++;
                    } else {
                        counts[3]++;
                        rejections.accept((Rejection) parsed);
                    }
                }
                return rows == 0 && record == null ? null : new Chunk(rows, copy.toBytes(), csv.bytesRead());
            }, chunk -> {
                long updated;
                try (Connection connection = connection(caller)) {
                    if (chunk.rows() == chunkRows && !bulkIndexes.getAndSet(true)) {
                        // a full chunk: more are likely to come, worth the two ALTER INDEX statements
                        nameIndexesBulkLoad(connection, true);
                    }
                    updated = write(connection, chunk, scope, endpoint, touched);
                }
                synchronized (progressed) { // writers finish chunks concurrently, and out of order
                    counts[2] += updated;
                    counts[1] += chunk.rows() - updated;
                    progressed[0] = Math.max(progressed[0], chunk.bytesRead());
                    progress.stepTo(progressed[0]);
                }
            });
            } finally {
                // also after a failed chunk: the ones committed before it are searchable by name once this has run
                try (Connection connection = connection(caller)) {
                    try {
                        drainNameDictionaries(connection, scope);
                    } finally {
                        if (bulkIndexes.get()) {
                            nameIndexesBulkLoad(connection, false);
                        }
                    }
                }
            }
        }
        if (counts[1] + counts[2] >= CHUNK) {
            // a big load shifts the statistics the planner relies on; ANALYZE and the token counts are the owner's job
            try (Connection owner = db.connection()) {
                AfterLoad.refresh(owner, "patient, contact_info, address");
            }
        }
        return new ImportReport("patient", counts[0], counts[1], counts[2], counts[3],
                Duration.ofNanos(System.nanoTime() - started), touched.sorted());
    }

    private static void stage(CopyText copy, PatientRow row) {
        copy.add(row.line()).add(row.clinicId()).add(row.mrn()).add(row.firstName()).add(row.middleName())
                .add(row.lastName()).addPlain(row.dateOfBirth()).add(row.gender()).add(row.status()).add(row.phone())
                .add(row.email()).add(row.street()).add(row.city()).add(row.region()).add(row.postalCode())
                .add(row.country()).endRow();
    }

    /** Upserts one chunk in one transaction; returns how many of its patients existed already. */
    private long write(Connection connection, Chunk chunk, CallerScope caller, String endpoint, PatientIds imported)
            throws SQLException {
        if (chunk.rows() == 0) {
            return 0;
        }
        List<Long> touched = new ArrayList<>(chunk.rows());
        long existing = JdbcTransaction.inTransaction(connection, c -> upsert(c, chunk, caller, endpoint, touched));
        // after the commit: the chunk rewrote these patients and replaced their contacts and addresses
        cache.ifPresent(eviction -> eviction.patients(touched));
        imported.addAll(touched);
        // COPY bypassed Hibernate: the search index (if the engine has one) learns the chunk's patients here
        indexer.reindex(touched);
        return existing;
    }

    /** The chunk's statements, inside its transaction; returns how many of its patients existed already. */
    private long upsert(Connection connection, Chunk chunk, CallerScope caller, String endpoint, List<Long> touched)
            throws SQLException {
        long existing;
        try (Statement statement = connection.createStatement()) {
            RowSecurity.bind(connection, caller); // first: every statement below runs as the caller
            statement.execute("SET LOCAL statement_timeout = 0");
            // No wait for each chunk's WAL flush: the import's last transaction (the dictionary drain) commits
            // synchronously, which flushes every chunk's commit before it, so nothing is reported done that a crash
            // could lose. A crash before that loses the last chunks whole (with their audit events), as a failed
            // chunk would be; re-importing the file upserts.
            statement.execute("SET LOCAL synchronous_commit = off");
            statement.execute("SET LOCAL patient_search.name_dictionaries = 'deferred'");
            statement.execute(STAGE);
            statement.execute(WRITTEN);
            PgCopy.copyIn(connection, COPY_STAGE, chunk.copy());
            statement.execute("ANALYZE import_patient");
            statement.executeUpdate(UPSERT);
            statement.execute(ANALYZE_WRITTEN);
            existing = 0;
            try (ResultSet rs = statement.executeQuery(WRITTEN_IDS)) {
                while (rs.next()) {
                    touched.add(rs.getLong(1));
                    if (rs.getBoolean(2)) {
                        existing++;
                    }
                }
            }
            statement.executeUpdate(BACKLOG);
            if (existing > 0) {
                statement.executeUpdate(DELETE_CONTACTS);
                statement.executeUpdate(DELETE_ADDRESSES);
            }
            statement.executeUpdate(INSERT_CONTACTS);
            statement.executeUpdate(INSERT_ADDRESSES);
            // in the chunk's transaction: no imported row without its audit event, nor an event without the rows
            try {
                audit.recordIn(connection, new AuditEvent(Instant.now(), caller, "import", endpoint, touched));
            } catch (SQLException e) {
                throw new AuditUnavailableException("the import's audit event cannot be written", e);
            }
        }
        return existing;
    }

    /**
     * The name GIN indexes take a pending list for the length of the load, or leave it and merge it into their trees
     * (liquibase 161: the owner's DDL behind a function the app's login may call).
     */
    private static void nameIndexesBulkLoad(Connection connection, boolean bulk) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT ps_name_indexes_bulk_load(?)")) {
            statement.setBoolean(1, bulk);
            statement.execute();
        }
    }

    /** One statement per dictionary for every patient the import wrote (liquibase 105), as the caller. */
    private static void drainNameDictionaries(Connection connection, CallerScope scope) throws SQLException {
        JdbcTransaction.execute(connection, c -> {
            try (Statement statement = c.createStatement()) {
                if (scope != null) {
                    RowSecurity.bind(c, scope);
                }
                statement.execute("SET LOCAL statement_timeout = 0");
                // A transaction id, so that this commit writes a record and waits for its WAL flush, which makes every
                // chunk committed before it durable (they commit without waiting).
                statement.execute("SELECT pg_current_xact_id()");
                statement.execute("SELECT ps_drain_name_dictionary_backlog()");
            }
        });
    }

    /** An API caller's import runs as the app's login (row-level security checks every row); the CLI's as the owner. */
    private Connection connection(CallerScope caller) throws SQLException {
        return caller == null ? db.connection() : db.appConnection();
    }


    private static Map<String, Long> clinics(Connection connection) throws SQLException {
        Map<String, Long> clinics = new HashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT code, id FROM clinic")) {
            while (rs.next()) {
                clinics.put(rs.getString(1), rs.getLong(2));
            }
        }
        return clinics;
    }
}
