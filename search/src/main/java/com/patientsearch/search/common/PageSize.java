package com.patientsearch.search.common;

/**
 * A page size or count given as text ({@code limit}, FHIR's {@code _count}, a trend's {@code points}): a whole number
 * from 1 (or the endpoint's minimum) to the endpoint's maximum; anything else is a 400, never silently bounded.
 */
public final class PageSize {

    private PageSize() {
    }

    /**
     * @param value as sent (surrounding blanks ignored), or null for {@code defaultSize}
     * @return the size; anything else is a 400 naming {@code field}
     */
    public static int parse(String field, String value, int defaultSize, int max) {
        return parse(field, value, defaultSize, 1, max);
    }

    /** A count of at least {@code min} (a trend needs two points). */
    public static int parse(String field, String value, int defaultSize, int min, int max) {
        if (value == null) {
            return defaultSize;
        }
        try {
            int size = Integer.parseInt(value.strip());
            if (size >= min && size <= max) {
                return size;
            }
        } catch (NumberFormatException e) {
            // the same answer as a number out of range
        }
        throw new InvalidParameterException(field, "must be a whole number from " + min + " to " + max);
    }
}
