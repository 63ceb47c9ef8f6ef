package com.patientsearch.app.importer;

import com.patientsearch.domain.clinic.Clinic;
import com.patientsearch.app.bulk.PgCopy;
import com.patientsearch.persistence.cache.CacheEviction;
import com.patientsearch.persistence.datasource.JdbcTransaction;
import io.micronaut.context.BeanProvider;
import jakarta.inject.Singleton;
import org.apache.commons.csv.CSVRecord;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/** Loads a clinic CSV ({@code code,name,time_zone}), upserting by code. Clinic files are small: plain batches. */
@Singleton
class ClinicImporter {

    private static final Set<String> COLUMNS = Set.of("code", "name", "time_zone");
    private static final Pattern CODE = Pattern.compile(Clinic.CODE_PATTERN);
    private static final String UPSERT = """
            INSERT INTO clinic (code, name, time_zone) VALUES (?, ?, ?)
            ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, time_zone = EXCLUDED.time_zone""";

    private final PgCopy db;

    private final BeanProvider<CacheEviction> cache;

    ClinicImporter(PgCopy db, BeanProvider<CacheEviction> cache) {
        this.db = db;
        this.cache = cache;
    }

    private record ClinicRow(String code, String name, String zone) {
    }

    ImportReport importFile(Path file, Consumer<Rejection> rejections) throws Exception {
        long started = System.nanoTime();
        List<ClinicRow> rows = new ArrayList<>();
        long read = 0;
        long rejected = 0;
        try (CsvSource csv = CsvSource.open(file)) {
            Map<String, Integer> columns = csv.columns(COLUMNS, COLUMNS);
            Map<String, Long> seen = new HashMap<>();
            CSVRecord record;
            while ((record = csv.next()) != null) {
                read++;
                Object parsed = parse(record, csv.line(), columns, csv.width(), seen);
                if (parsed instanceof ClinicRow row) {
                    rows.add(row);
                } else {
                    rejected++;
                    rejections.accept((Rejection) parsed);
                }
            }
        }
        long updated;
        try (Connection connection = db.connection()) {
            updated = JdbcTransaction.inTransaction(connection, c -> upsert(c, rows));
        }
        // renamed clinics and new time zones: the cached clinics and the clinic list are stale
        cache.ifPresent(CacheEviction::referenceData);
        return new ImportReport("clinic", read, rows.size() - updated, updated, rejected,
                Duration.ofNanos(System.nanoTime() - started));
    }

    /** Returns how many of the rows updated an existing clinic. */
    private static long upsert(Connection connection, List<ClinicRow> rows) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
            Set<String> existing = existingCodes(connection);
            for (ClinicRow row : rows) {
                upsert.setString(1, row.code());
                upsert.setString(2, row.name());
                upsert.setString(3, row.zone());
                upsert.addBatch();
            }
            upsert.executeBatch();
            return rows.stream().filter(r -> existing.contains(r.code())).count();
        }
    }

    private static Object parse(CSVRecord record, long line, Map<String, Integer> columns, int width,
                                Map<String, Long> seen) {
        if (record.size() != width) {
            return new Rejection(line, "expected " + width + " fields, found " + record.size());
        }
        List<String> problems = new ArrayList<>();
        String code = record.get(columns.get("code")).strip();
        String name = record.get(columns.get("name")).strip();
        String zone = record.get(columns.get("time_zone")).strip();
        if (code.isEmpty()) {
            problems.add("code: missing");
        } else if (!CODE.matcher(code).matches()) {
            problems.add("code: letters, digits, '_' and '-' only, at most 32");
        } else {
            Long earlier = seen.putIfAbsent(code, line);
            if (earlier != null) {
                problems.add("code: the same code as line " + earlier);
            }
        }
        if (name.isEmpty()) {
            problems.add("name: missing");
        } else if (name.length() > 200) {
            problems.add("name: longer than 200 characters");
        }
        if (zone.isEmpty()) {
            problems.add("time_zone: missing");
        } else if (!ZoneId.getAvailableZoneIds().contains(zone) || !zone.contains("/")) {
            problems.add("time_zone: not an IANA time zone id (like America/New_York)");
        }
        return problems.isEmpty() ? new ClinicRow(code, name, zone) : Rejection.of(line, problems);
    }

    private static Set<String> existingCodes(Connection connection) throws SQLException {
        Set<String> codes = new HashSet<>();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT code FROM clinic")) {
            while (rs.next()) {
                codes.add(rs.getString(1));
            }
        }
        return codes;
    }
}
