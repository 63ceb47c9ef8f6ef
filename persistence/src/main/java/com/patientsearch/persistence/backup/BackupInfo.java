package com.patientsearch.persistence.backup;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * One base backup as {@code base/<id>/backup.properties} describes it; the file is written last, so a directory
 * without it is an interrupted backup. {@code finished} is the server's clock when {@code pg_backup_stop} returned:
 * the earliest time a point-in-time restore from this backup can reach.
 *
 * @param rowCounts rows per table of the app's database while the backup ran (for {@code backup verify})
 */
public record BackupInfo(String id, Instant started, Instant finished, String startWal, String stopLsn, long bytes,
                         Map<String, Long> rowCounts) {

    static final String FILE = "backup.properties";

    public BackupInfo {
        rowCounts = Collections.unmodifiableMap(new TreeMap<>(rowCounts));
    }

    void write(Path directory) throws IOException {
        Properties p = new Properties();
        p.setProperty("id", id);
        p.setProperty("started", started.toString());
        p.setProperty("finished", finished.toString());
        p.setProperty("start.wal", startWal);
        p.setProperty("stop.lsn", stopLsn);
        p.setProperty("bytes", Long.toString(bytes));
        rowCounts.forEach((table, rows) -> p.setProperty("rows." + table, Long.toString(rows)));
        try (Writer out = Files.newBufferedWriter(directory.resolve(FILE))) {
            p.store(out, "patient-search base backup");
        }
    }

    static BackupInfo read(Path directory) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(directory.resolve(FILE))) {
            p.load(in);
        }
        Map<String, Long> counts = new TreeMap<>();
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith("rows.")) {
                counts.put(key.substring("rows.".length()), Long.parseLong(p.getProperty(key)));
            }
        }
        return new BackupInfo(p.getProperty("id"), Instant.parse(p.getProperty("started")),
                Instant.parse(p.getProperty("finished")), p.getProperty("start.wal"), p.getProperty("stop.lsn"),
                Long.parseLong(p.getProperty("bytes", "0")), counts);
    }
}
