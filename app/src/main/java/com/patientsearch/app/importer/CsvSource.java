package com.patientsearch.app.importer;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An RFC 4180 CSV file with a header (commons-csv: quoted fields may hold commas, quotes and line breaks), read
 * record by record with the physical line each record starts on, which is what a person fixing the file needs.
 */
final class CsvSource implements AutoCloseable {

    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final CountingStream counting;
    private final Map<String, Integer> columns = new LinkedHashMap<>();
    private long line;

    private CsvSource(CSVParser parser, CountingStream counting) {
        this.parser = parser;
        this.records = parser.iterator();
        this.counting = counting;
        List<String> names = parser.getHeaderNames();
        for (int i = 0; i < names.size(); i++) {
            columns.put(names.get(i).strip().toLowerCase(Locale.ROOT), i);
        }
    }

    static CsvSource open(Path file) throws IOException {
        return open(Files.newInputStream(file));
    }

    /** Reads {@code in} as UTF-8 CSV; closing the source closes it. */
    static CsvSource open(InputStream in) throws IOException {
        CountingStream counting = new CountingStream(in);
        PushbackReader reader = new PushbackReader(new InputStreamReader(counting, StandardCharsets.UTF_8), 1);
        int first = reader.read();
        if (first != -1 && first != '\uFEFF') {
            // spreadsheets often start UTF-8 files with a byte order mark: drop it, keep anything else
            reader.unread(first);
        }
        CSVFormat format = CSVFormat.RFC4180.builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(false)
                .setDuplicateHeaderMode(DuplicateHeaderMode.DISALLOW)
                .setAllowMissingColumnNames(false)
                .get();
        try {
            return new CsvSource(CSVParser.parse((Reader) reader, format), counting);
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            reader.close();
            // commons-csv's message quotes the header, which is patient data when the file has no header row
            throw new BadFileException("line 1: the header cannot be read (empty or duplicate column names); the file"
                    + " must start with a header row");
        }
    }

    /** Fails if a required column is missing or a column is not one of {@code known}. */
    Map<String, Integer> columns(Set<String> required, Set<String> known) {
        List<String> missing = required.stream().filter(c -> !columns.containsKey(c)).sorted().toList();
        // Unknown columns by position, never by name: a file without its header row has a patient's values there
        List<Integer> unknown = columns.entrySet().stream().filter(c -> !known.contains(c.getKey()))
                .map(c -> c.getValue() + 1).toList();
        if (!missing.isEmpty() || !unknown.isEmpty()) {
            throw new BadFileException("line 1: header " + (missing.isEmpty() ? "" : "lacks " + missing)
                    + (missing.isEmpty() || unknown.isEmpty() ? "" : " and ")
                    + (unknown.isEmpty() ? "" : "has unknown columns at positions " + unknown));
        }
        return columns;
    }

    int width() {
        return columns.size();
    }

    /** The next record, or null at the end; blank lines are skipped. */
    CSVRecord next() {
        while (true) {
            long before = parser.getCurrentLineNumber();
            boolean more;
            try {
                more = records.hasNext();
            } catch (java.io.UncheckedIOException | IllegalStateException e) {
                // the parser's message may quote the file; report only where
                throw new BadFileException("line " + (before + 1) + ": malformed CSV (an unclosed quote or a stray"
                        + " character after a quoted field); the import stopped there. Batches before it were saved:"
                        + " import the fixed file again, it updates rather than duplicates", e);
            }
            if (!more) {
                return null;
            }
            CSVRecord record = records.next();
            line = before + 1;
            if (record.size() == 1 && record.get(0).isEmpty()) {
                continue;
            }
            return record;
        }
    }

    /** The physical line the last record returned by {@link #next()} starts on. */
    long line() {
        return line;
    }

    long bytesRead() {
        return counting.count;
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }

    /** A file the import cannot go on with (bad header, broken quoting): ends the command. */
    static final class BadFileException extends RuntimeException {
        BadFileException(String message) {
            super(message);
        }

        /** The cause may be the stream failing (an HTTP body past its size limit), not the CSV. */
        BadFileException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final class CountingStream extends FilterInputStream {
        volatile long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
