package com.patientsearch.app.importer;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A skipped row: where, and why, problem by problem. Never the row's values, which are patient data.
 *
 * @param problems each names its column ({@code field}), or has none when the row as a whole is wrong
 */
record Rejection(long line, List<Problem> problems) {

    record Problem(String field, String reason) {
        @Override
        public String toString() {
            return field == null ? reason : field + ": " + reason;
        }
    }

    /** A problem with the whole row (its field count). */
    Rejection(long line, String rowProblem) {
        this(line, List.of(new Problem(null, rowProblem)));
    }

    /** From the parsers' "column: reason" problems. */
    static Rejection of(long line, List<String> problems) {
        return new Rejection(line, problems.stream().map(p -> {
            int colon = p.indexOf(": ");
            return colon < 0 ? new Problem(null, p) : new Problem(p.substring(0, colon), p.substring(colon + 2));
        }).toList());
    }

    String reason() {
        return problems.stream().map(Problem::toString).collect(Collectors.joining("; "));
    }

    @Override
    public String toString() {
        return "line " + line + ": " + reason();
    }
}
