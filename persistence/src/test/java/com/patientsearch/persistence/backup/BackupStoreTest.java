package com.patientsearch.persistence.backup;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Listing, choosing the base of a restore, and retention of the backup directory (files only, no server). */
class BackupStoreTest {

    @TempDir
    Path root;

    @Test
    void retentionKeepsTheNewestBackupsAndTheWalTheyNeed() throws IOException {
        BackupStore store = new BackupStore(root);
        store.createDirectories();
        backup(store, "b1", "2026-11-01T00:00:00Z", "000000010000000000000002");
        backup(store, "b2", "2026-11-02T00:00:00Z", "000000010000000000000005");
        backup(store, "b3", "2026-11-03T00:00:00Z", "000000020000000000000009");
        Files.createDirectories(store.baseDirectory().resolve("interrupted").resolve("data")); // no backup.properties
        for (String wal : List.of("000000010000000000000002", "000000010000000000000003", "000000010000000000000002.00000028.backup",
                "000000010000000000000005", "000000010000000000000007.partial", "00000002.history", "000000020000000000000008",
                "000000020000000000000009", "00000002000000000000000A")) {
            Files.writeString(store.walDirectory().resolve(wal), wal);
        }

        assertThat(store.list()).extracting(BackupInfo::id).containsExactly("b1", "b2", "b3");
        assertThat(store.baseFor(Instant.parse("2026-11-02T12:00:00Z"))).map(BackupInfo::id).contains("b2");
        assertThat(store.baseFor(Instant.parse("2026-10-31T00:00:00Z"))).isEmpty();

        assertThat(store.prune(2)).containsExactly("b1");
        assertThat(store.list()).extracting(BackupInfo::id).containsExactly("b2", "b3");
        assertThat(store.baseDirectory().resolve("interrupted")).as("a backup that may still be running").exists();
        try (Stream<Path> files = Files.list(store.walDirectory())) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted()).containsExactly(
                    "000000010000000000000005", "000000010000000000000007.partial", "00000002.history",
                    "000000020000000000000008", "000000020000000000000009", "00000002000000000000000A");
        }
    }

    private static void backup(BackupStore store, String id, String finished, String startWal) throws IOException {
        Path dir = store.baseDirectory().resolve(id);
        Files.createDirectories(dir.resolve("data"));
        Instant end = Instant.parse(finished);
        new BackupInfo(id, end.minusSeconds(60), end, startWal, "0/0", 0, Map.of("patient", 1L)).write(dir);
    }
}
