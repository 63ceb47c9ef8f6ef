package com.patientsearch.search.common;

/** A page size given as text ({@code limit}, FHIR's {@code _count}): a whole number from 1 to the endpoint's maximum. */
public final class PageSize {

    private PageSize() {
    }

    /**
     * @param value as sent (surrounding blanks ignored), or null for {@code defaultSize}
     * @return the size; anything else is a 400 naming {@code field}
     */
    public static int parse(String field, String value, int defaultSize, int max) {
        if (value == null) {
            return defaultSize;
        }
        try {
            int size = Integer.parseInt(value.strip());
            if (size >= 1 && size <= max) {
                return size;
            }
        } catch (NumberFormatException e) {
            // the same answer as a number out of range
        }
        throw new InvalidParameterException(field, "must be a whole number from 1 to " + max);
    }
}
