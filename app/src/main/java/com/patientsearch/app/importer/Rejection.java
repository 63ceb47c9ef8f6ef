package com.patientsearch.app.importer;

/** A skipped row: where, and why. Never the row's values, which are patient data. */
record Rejection(long line, String reason) {

    @Override
    public String toString() {
        return "line " + line + ": " + reason;
    }
}
