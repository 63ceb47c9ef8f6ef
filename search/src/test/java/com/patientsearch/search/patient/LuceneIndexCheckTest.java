package com.patientsearch.search.patient;

import org.apache.lucene.document.Document;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.Field;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class LuceneIndexCheckTest {

    @TempDir
    Path root;

    @Test
    void aReadableIndexAndAMissingOneAreLeftAlone() throws IOException {
        Path index = root.resolve("patient");
        assertThat(LuceneIndexCheck.wipeIfUnreadable(index)).isFalse();
        write(index);
        assertThat(LuceneIndexCheck.wipeIfUnreadable(index)).isFalse();
        assertThat(index).isDirectory();
    }

    @Test
    void aCorruptIndexIsDeleted() throws IOException {
        Path index = root.resolve("patient");
        write(index);
        try (Stream<Path> files = Files.list(index)) {
            for (Path segments : files.filter(f -> f.getFileName().toString().startsWith("segments_")).toList()) {
                Files.write(segments, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
            }
        }
        assertThat(LuceneIndexCheck.wipeIfUnreadable(index)).isTrue();
        assertThat(index).doesNotExist();
    }

    @Test
    void theIndexOfAnEarlierLayoutIsRemovedAndTheCurrentOneKept() throws IOException {
        Path earlier = root.resolve("patient");
        Path current = root.resolve(PatientIndexConfigurer.INDEX);
        write(earlier);
        write(current);
        LuceneIndexCheck.removeEarlierLayouts(root);
        assertThat(earlier).doesNotExist();
        assertThat(current).isDirectory();
    }

    @Test
    void aRestoreRemovesTheIndexOfThePreviousDataWhereverItIsKept() throws IOException {
        Path data = root.resolve("pgdata-17");
        Path besideTheData = root.resolve("pgdata-17-index").resolve(PatientIndexConfigurer.INDEX);
        write(besideTheData);
        SearchEngineProperties.Lucene byDefault = new SearchEngineProperties.Lucene();
        assertThat(LuceneIndexCheck.removeAfterRestore(byDefault, data)).contains(besideTheData);
        assertThat(besideTheData).doesNotExist();
        assertThat(LuceneIndexCheck.removeAfterRestore(byDefault, data)).as("nothing left to remove").isEmpty();

        Path elsewhere = root.resolve("elsewhere");
        write(elsewhere.resolve(PatientIndexConfigurer.INDEX));
        Files.writeString(elsewhere.resolve("not-the-index.txt"), "kept");
        SearchEngineProperties.Lucene moved = new SearchEngineProperties.Lucene();
        moved.setDirectory(elsewhere.toString());
        assertThat(LuceneIndexCheck.removeAfterRestore(moved, data)).contains(elsewhere.resolve(PatientIndexConfigurer.INDEX));
        assertThat(elsewhere.resolve(PatientIndexConfigurer.INDEX)).doesNotExist();
        assertThat(elsewhere.resolve("not-the-index.txt")).exists();

        SearchEngineProperties.Lucene inMemory = new SearchEngineProperties.Lucene();
        inMemory.setDirectory("memory");
        assertThat(LuceneIndexCheck.removeAfterRestore(inMemory, data)).isEmpty();
    }

    private static void write(Path index) throws IOException {
        try (FSDirectory directory = FSDirectory.open(index);
             IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig())) {
            Document document = new Document();
            document.add(new StringField("id", "1", Field.Store.YES));
            writer.addDocument(document);
            writer.commit();
        }
    }
}
