package com.patientsearch.search.common;

/**
 * The query layer's half of the clinic scoping (row-level security is the other): the ids of the caller's clinics,
 * from one bind parameter holding their codes ({@code text[]}). {@code ARRAY(...)} is computed once per statement,
 * so a {@code clinic_id = ANY (...)} against it compares with a known array, usable by any clinic index.
 */
public final class CallerClinicsSql {

    public static final String IDS = "ARRAY(SELECT sc.id FROM clinic sc WHERE sc.code = ANY (?::text[]))";

    private CallerClinicsSql() {
    }
}
