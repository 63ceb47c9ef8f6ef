package com.patientsearch.persistence.backup;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The server settings that copy each finished WAL segment into the backup directory, and the command that copies
 * them back during a restore. The embedded binaries carry no archiving tool, so both are plain shell copies; the
 * archive command refuses to overwrite a segment already archived (a non-zero exit: PostgreSQL keeps the segment
 * and retries, and pg_stat_archiver counts the failure), and copies to a temporary name first so a half-copied
 * segment never carries the final name.
 */
public final class WalArchive {

    private WalArchive() {
    }

    /** Settings for the embedded server; values quoted for the shell pg_ctl passes them through. */
    public static Map<String, String> serverConfig(BackupStore store, Duration archiveTimeout) {
        String wal = store.walDirectory().toString();
        String command = "test ! -f \"" + wal + "/%f\" && cp \"%p\" \"" + wal + "/%f.tmp\" && mv \"" + wal + "/%f.tmp\" \""
                + wal + "/%f\"";
        Map<String, String> config = new LinkedHashMap<>();
        config.put("wal_level", "replica");
        config.put("archive_mode", "on");
        config.put("archive_command", "'" + command + "'");
        config.put("archive_timeout", Math.max(1, archiveTimeout.toSeconds()) + "s");
        return config;
    }

    /** For postgresql.auto.conf during a restore (a setting value, single-quoted there). */
    static String restoreCommand(BackupStore store) {
        return "cp \"" + store.walDirectory() + "/%f\" \"%p\"";
    }
}
