package com.patientsearch.search.patient;

import com.patientsearch.domain.common.CodedEnum;

/** The orders a patient search can return; each has its own keyset. */
enum PatientSort implements CodedEnum {
    /** Best match first (exact, then prefix, then typo matches), then by name. Needs q. */
    RELEVANCE,
    /** Last name, first name, id. */
    NAME,
    /** Last updated first. */
    RECENT
}
