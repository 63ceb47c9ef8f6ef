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
