package com.patientsearch.app.importer;

import java.time.Duration;
import java.util.Locale;

/**
 * What an import did. {@code read} counts data rows (blank lines aside). {@code touchedPatientIds}: the patients
 * inserted or updated, ascending, for whatever maintains derived data after a bulk load (a search index).
 */
record ImportReport(String what, long read, long inserted, long updated, long rejected, Duration elapsed,
                    long[] touchedPatientIds) {

    ImportReport(String what, long read, long inserted, long updated, long rejected, Duration elapsed) {
        this(what, read, inserted, updated, rejected, elapsed, new long[0]);
    }

    String summary() {
        return String.format(Locale.ROOT,
                "Read %,d %s rows: imported %,d (inserted %,d, updated %,d), rejected %,d, in %.1f s%n",
                read, what, inserted + updated, inserted, updated, rejected, elapsed.toMillis() / 1000.0);
    }
}
