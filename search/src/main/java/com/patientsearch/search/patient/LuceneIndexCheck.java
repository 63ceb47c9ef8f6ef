package com.patientsearch.search.patient;

import org.apache.commons.io.FileUtils;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.store.FSDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Runs before Hibernate Search opens the index: an index directory Lucene cannot read (corrupt segments, a crash in
 * the middle of a commit, files from another Lucene version) is deleted, so Hibernate Search starts on an empty
 * index and the start-up check rebuilds it, instead of the whole service failing to start. The index holds nothing
 * that PostgreSQL does not; for the same reason {@code backup restore} removes it with the data it described.
 */
public final class LuceneIndexCheck {

    private static final Logger LOG = LoggerFactory.getLogger(LuceneIndexCheck.class);

    private LuceneIndexCheck() {
    }

    /** Removes the indexes of earlier document layouts under {@code root}; they would only take space. */
    static void removeEarlierLayouts(Path root) {
        for (String name : PatientIndexConfigurer.EARLIER_INDEXES) {
            Path earlier = root.resolve(name);
            if (Files.isDirectory(earlier)) {
                LOG.info("Removing the patient index of an earlier layout at {}; the current one is {}", earlier,
                        PatientIndexConfigurer.INDEX);
                delete(earlier);
            }
        }
    }

    static boolean wipeIfUnreadable(Path indexDirectory) {
        if (!Files.isDirectory(indexDirectory)) {
            return false;
        }
        try (FSDirectory directory = FSDirectory.open(indexDirectory)) {
            if (!DirectoryReader.indexExists(directory)) {
                return false;
            }
            try (DirectoryReader reader = DirectoryReader.open(directory)) {
                reader.numDocs();
                return false;
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("The patient index at {} cannot be read ({}); it is deleted and will be rebuilt", indexDirectory,
                    e.getClass().getSimpleName());
            delete(indexDirectory);
            return true;
        }
    }

    /**
     * Removes the node-local patient index kept for the embedded database at {@code dataDirectory}, if there is one.
     * After a restore it describes patients the restored data may not have, or not under those names (the count check
     * at start cannot tell a rename); the next start rebuilds it.
     *
     * @return the directory removed
     */
    public static Optional<Path> removeAfterRestore(SearchEngineProperties.Lucene lucene, Path dataDirectory) {
        if (lucene.inMemory()) {
            return Optional.empty();
        }
        Path index = lucene.path(dataDirectory).resolve(PatientIndexConfigurer.INDEX);
        if (!Files.isDirectory(index)) {
            return Optional.empty();
        }
        delete(index);
        return Optional.of(index);
    }

    private static void delete(Path directory) {
        try {
            FileUtils.deleteDirectory(directory.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete the index at " + directory, e);
        }
    }
}
