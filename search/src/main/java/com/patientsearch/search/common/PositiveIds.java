package com.patientsearch.search.common;

/** Ids given as text (path segments, query parameters): positive whole numbers, anything else a 400 naming the field. */
public final class PositiveIds {

    private PositiveIds() {
    }

    public static long parse(String field, String value) {
        try {
            long id = Long.parseLong(value);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // the same answer as zero or a negative number
        }
        throw new InvalidParameterException(field, "must be a positive whole number");
    }
}
