package com.patientsearch.app.importer;

import java.util.Arrays;
import java.util.List;

/**
 * The ids of the patients an import wrote, kept as primitives: a million of them is 8 MB, not 20 boxed. Concurrent
 * writers add to it.
 */
final class PatientIds {

    private long[] ids = new long[1024];
    private int size;

    synchronized void addAll(List<Long> more) {
        if (size + more.size() > ids.length) {
            ids = Arrays.copyOf(ids, Math.max(ids.length * 2, size + more.size()));
        }
        for (Long id : more) {
            ids[size++] = id;
        }
    }

    /** Ascending, each id once. */
    synchronized long[] sorted() {
        return Arrays.stream(ids, 0, size).sorted().distinct().toArray();
    }
}
