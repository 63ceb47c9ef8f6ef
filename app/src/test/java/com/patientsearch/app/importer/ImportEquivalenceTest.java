package com.patientsearch.app.importer;

import com.patientsearch.app.bulk.PgCopy;
import com.patientsearch.app.seed.PatientCsvFiles;
import com.patientsearch.persistence.testing.TestPostgres;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bulk import (chunks that defer the name dictionaries to one set-based pass at the end) and a plain load (ordinary
 * statements of a few hundred patients each, the dictionary triggers firing on every one) of the same files end with
 * exactly the same search keys and dictionaries. Two files: the second gives most patients of the first new names
 * (updates) and adds new ones, so both the insert and the update paths feed the dictionaries; the plain load's
 * statements do not line up with the import's chunks, so tokens met again in a later statement are covered too.
 */
@MicronautTest(transactional = false, startApplication = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImportEquivalenceTest implements TestPropertyProvider {

    private static final String UPSERT = """
            INSERT INTO patient (clinic_id, mrn, first_name, middle_name, last_name, date_of_birth, gender, status)
            SELECT c.id, r.mrn, r.first_name, r.middle_name, r.last_name, r.date_of_birth, r.gender, r.status
            FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::date[], ?::text[], ?::text[])
                     WITH ORDINALITY AS r(clinic_code, mrn, first_name, middle_name, last_name, date_of_birth, gender, status, line)
            JOIN clinic c ON c.code = r.clinic_code
            ORDER BY r.line
            ON CONFLICT (clinic_id, mrn) DO UPDATE SET
                first_name = EXCLUDED.first_name, middle_name = EXCLUDED.middle_name, last_name = EXCLUDED.last_name,
                date_of_birth = EXCLUDED.date_of_birth, gender = EXCLUDED.gender, status = EXCLUDED.status""";

    /** Patients per statement of the plain load; the import runs chunks of 700, so their boundaries differ. */
    private static final int ROWS_PER_STATEMENT = 256;

    @Inject
    PatientImporter importer;

    @Inject
    ClinicImporter clinics;

    @Inject
    PgCopy db;

    @Override
    public Map<String, String> getProperties() {
        return TestPostgres.get().micronautProperties("import_bulk");
    }

    @Test
    void bulkImportLeavesTheSameSearchKeysAndDictionariesAsTheTriggers(@TempDir Path dir) throws Exception {
        Path first = PatientCsvFiles.write(dir.resolve("first"), 2_000, 7, 1);
        Path second = PatientCsvFiles.write(dir.resolve("second"), 3_000, 8, 1);

        // bulk: several chunks per file, each deferring its dictionary work
        importer.chunkRows = 700;
        clinics.importFile(first.resolveSibling("clinics.csv"), r -> { });
        ImportReport firstReport = importer.importFile(first, r -> { }, false);
        ImportReport secondReport = importer.importFile(second, r -> { }, false);
        assertThat(firstReport.inserted()).isEqualTo(2_000);
        assertThat(secondReport.updated()).isEqualTo(2_000);
        assertThat(secondReport.inserted()).isEqualTo(1_000);
        assertThat(secondReport.touchedPatientIds()).hasSize(3_000).isSorted();
        try (Connection bulk = db.connection()) {
            assertThat(secondReport.touchedPatientIds())
                    .containsExactly(longs(bulk, "SELECT id FROM patient ORDER BY id"));
            assertThat(longs(bulk, "SELECT count(*) FROM name_dictionary_backlog")).containsExactly(0L);
        }

        // the plain load, in a database of its own: a copy of the same migrated schema
        TestPostgres postgres = TestPostgres.get();
        String url = postgres.createMigratedDatabase("import_rows");
        try (Connection rows = postgres.ownerConnection(url); Connection bulk = db.connection()) {
            try (PreparedStatement clinic = rows.prepareStatement(
                    "INSERT INTO clinic (code, name, time_zone) VALUES (?, ?, ?)")) {
                for (CSVRecord r : csv(first.resolveSibling("clinics.csv"))) {
                    clinic.setString(1, r.get("code"));
                    clinic.setString(2, r.get("name"));
                    clinic.setString(3, r.get("time_zone"));
                    clinic.executeUpdate();
                }
            }
            loadWithTriggers(rows, first);
            loadWithTriggers(rows, second);

            for (Connection c : List.of(rows, bulk)) {
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT ps_refresh_name_token_counts()");
                }
            }
            String keys = "SELECT c.code || ' ' || p.mrn || ' ' || p.first_name_norm || ' ' || p.last_name_norm || ' ' "
                    + "|| p.name_tokens::text || ' ' || p.name_pairs::text FROM patient p JOIN clinic c ON c.id = p.clinic_id "
                    + "ORDER BY c.code, p.mrn";
            String tokens = "SELECT token || ' ' || patients FROM name_token ORDER BY token";
            String variants = "SELECT variant || ' ' || token FROM name_token_variant ORDER BY variant, token";
            String pairs = "SELECT token_a || ' ' || token_b FROM name_token_pair ORDER BY token_a, token_b";
            assertThat(strings(bulk, keys)).hasSize(3_000).isEqualTo(strings(rows, keys));
            List<String> bulkTokens = strings(bulk, tokens);
            assertThat(bulkTokens.size()).isGreaterThan(1_500);
            assertThat(bulkTokens).isEqualTo(strings(rows, tokens));
            assertThat(strings(bulk, variants)).isEqualTo(strings(rows, variants));
            assertThat(strings(bulk, pairs)).isEqualTo(strings(rows, pairs));
        }
    }

    /** Statements of {@value #ROWS_PER_STATEMENT} patients, each an ordinary write that fires the dictionary triggers. */
    private static void loadWithTriggers(Connection connection, Path file) throws Exception {
        List<CSVRecord> records = csv(file);
        String[] columns = {"clinic_code", "mrn", "first_name", "middle_name", "last_name", "date_of_birth", "gender", "status"};
        try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
            for (int from = 0; from < records.size(); from += ROWS_PER_STATEMENT) {
                List<CSVRecord> statement = records.subList(from, Math.min(records.size(), from + ROWS_PER_STATEMENT));
                for (int c = 0; c < columns.length; c++) {
                    Object[] values = new Object[statement.size()];
                    for (int i = 0; i < values.length; i++) {
                        String value = statement.get(i).get(columns[c]);
                        values[i] = "middle_name".equals(columns[c]) ? blankToNull(value) : value;
                    }
                    upsert.setArray(c + 1, connection.createArrayOf("text", values));
                }
                upsert.executeUpdate();
            }
        }
    }

    private static List<CSVRecord> csv(Path file) throws Exception {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(reader)) {
            return parser.getRecords();
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static List<String> strings(Connection connection, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    private static long[] longs(Connection connection, String sql) throws SQLException {
        List<Long> values = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getLong(1));
            }
        }
        return values.stream().mapToLong(Long::longValue).toArray();
    }
}
