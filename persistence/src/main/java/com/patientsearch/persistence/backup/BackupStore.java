package com.patientsearch.persistence.backup;

import org.apache.commons.io.FileUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The backup directory: {@code base/<id>/} (a copy of the data directory plus backup.properties) and {@code wal/}
 * (segments copied there by the server's archive_command). Listing, choosing a backup for a restore, retention.
 */
public final class BackupStore {

    private static final Logger LOG = LoggerFactory.getLogger(BackupStore.class);
    /** Segment files, .partial ones and .backup history files all start with the 24 hex digits of a segment. */
    private static final Pattern SEGMENT = Pattern.compile("^[0-9A-F]{24}(\\..*)?$");

    private final Path root;

    public BackupStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        if (this.root.toString().contains("'") || this.root.toString().contains("\"")) {
            // the path goes into archive_command / restore_command, shell strings inside a quoted setting
            throw new IllegalArgumentException("backup.directory must not contain quotes: " + this.root);
        }
    }

    public Path root() {
        return root;
    }

    public Path walDirectory() {
        return root.resolve("wal");
    }

    Path baseDirectory() {
        return root.resolve("base");
    }

    void createDirectories() throws IOException {
        Files.createDirectories(walDirectory());
        Files.createDirectories(baseDirectory());
    }

    /** Complete backups, oldest first. */
    public List<BackupInfo> list() {
        if (!Files.isDirectory(baseDirectory())) {
            return List.of();
        }
        List<BackupInfo> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(baseDirectory())) {
            for (Path dir : (Iterable<Path>) dirs::iterator) {
                if (Files.isRegularFile(dir.resolve(BackupInfo.FILE))) {
                    out.add(BackupInfo.read(dir));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not list backups in " + baseDirectory(), e);
        }
        out.sort(Comparator.comparing(BackupInfo::finished));
        return out;
    }

    public Optional<BackupInfo> newest() {
        List<BackupInfo> all = list();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    public Optional<BackupInfo> find(String id) {
        return list().stream().filter(b -> b.id().equals(id)).findFirst();
    }

    /** The newest backup a restore to {@code target} can start from: finished at or before it. */
    public Optional<BackupInfo> baseFor(Instant target) {
        BackupInfo best = null;
        for (BackupInfo backup : list()) {
            if (!backup.finished().isAfter(target)) {
                best = backup;
            }
        }
        return Optional.ofNullable(best);
    }

    Path dataOf(BackupInfo backup) {
        return baseDirectory().resolve(backup.id()).resolve("data");
    }

    /**
     * Keeps the newest {@code keep} backups; deletes older ones, interrupted ones, and the archived WAL only they
     * needed (segments before the oldest kept backup's first segment; timeline history files stay).
     *
     * @return the ids deleted
     */
    public List<String> prune(int keep) throws IOException {
        List<BackupInfo> complete = list();
        List<String> deleted = new ArrayList<>();
        List<BackupInfo> old = complete.subList(0, Math.max(0, complete.size() - keep));
        for (BackupInfo backup : old) {
            FileUtils.deleteDirectory(baseDirectory().resolve(backup.id()).toFile());
            deleted.add(backup.id());
        }
        // Interrupted backups (no backup.properties), except one that may still be running.
        if (Files.isDirectory(baseDirectory())) {
            try (Stream<Path> dirs = Files.list(baseDirectory())) {
                for (Path dir : (Iterable<Path>) dirs::iterator) {
                    if (!Files.exists(dir.resolve(BackupInfo.FILE))
                            && Files.getLastModifiedTime(dir).toInstant().isBefore(Instant.now().minusSeconds(24 * 3600))) {
                        FileUtils.deleteDirectory(dir.toFile());
                        deleted.add(dir.getFileName().toString());
                    }
                }
            }
        }
        List<BackupInfo> kept = complete.subList(old.size(), complete.size());
        if (!kept.isEmpty() && Files.isDirectory(walDirectory())) {
            String oldestNeeded = segment(kept.get(0).startWal());
            try (Stream<Path> files = Files.list(walDirectory())) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    String name = file.getFileName().toString();
                    if (SEGMENT.matcher(name).matches() && segment(name).compareTo(oldestNeeded) < 0) {
                        Files.deleteIfExists(file);
                    }
                }
            }
        }
        if (!deleted.isEmpty()) {
            LOG.info("backup_retention deleted={} kept={}", deleted, kept.stream().map(BackupInfo::id).toList());
        }
        return deleted;
    }

    /** A segment's position regardless of its timeline: the log and segment digits of its name. */
    private static String segment(String walFileName) {
        return walFileName.substring(8, 24);
    }
}
