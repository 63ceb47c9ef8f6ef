package com.patientsearch.app.importer;

import java.util.Arrays;
import java.util.List;

/** The ids of the patients an import wrote, kept as primitives: a million of them is 8 MB, not 20 boxed. */
final class PatientIds {

    private long[] ids = new long[1024];
    private int size;

    void addAll(List<Long> more) {
        if (size + more.size() > ids.length) {
            ids = Arrays.copyOf(ids, Math.max(ids.length * 2, size + more.size()));
        }
        for (Long id : more) {
            ids[size++] = id;
        }
    }

    /** Ascending, each id once. */
    long[] sorted() {
        return Arrays.stream(ids, 0, size).sorted().distinct().toArray();
    }
}
