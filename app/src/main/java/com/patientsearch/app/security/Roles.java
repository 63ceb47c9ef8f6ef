package com.patientsearch.app.security;

import java.util.List;

/** The four roles a token can carry (docs/security.md has the endpoint matrix). */
public final class Roles {

    /** Searches and reads patients and appointments of the token's clinics. */
    public static final String FRONT_DESK = "front_desk";
    /** As front_desk, and writes (create, update, merge). */
    public static final String CLINICIAN = "clinician";
    /** Bulk import only. */
    public static final String IMPORTER = "importer";
    /** Admin endpoints, the dashboard's data and /metrics; no patient data. */
    public static final String OPS = "ops";

    public static final List<String> ALL = List.of(FRONT_DESK, CLINICIAN, IMPORTER, OPS);

    private Roles() {
    }
}
