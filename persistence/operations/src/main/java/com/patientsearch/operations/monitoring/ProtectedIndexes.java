package com.patientsearch.operations.monitoring;

import java.util.Set;

/**
 * Indexes the product's own query plans are built on: the plan tests (PatientSearchPlanTest,
 * AppointmentSearchPlanTest) assert that the searches use them. Index health never advises dropping one, whatever
 * its scan count says: on a new, restored or quiet database a search index can look unused. ProtectedIndexesTest
 * keeps this list in step with the plan tests and the schema.
 */
public final class ProtectedIndexes {

    public static final Set<String> NAMES = Set.of(
            // patient search: names, date of birth, MRN
            "patient_name_pairs_gin", "patient_name_tokens_gin", "patient_dob_idx", "patient_mrn_idx",
            "patient_clinic_mrn_uk", "patient_clinic_name_idx",
            // name dictionaries behind the name search
            "name_token_pair_pk", "name_token_variant_pk", "name_token_prefix_idx",
            // phone and e-mail search
            "contact_info_phone_suffix_idx", "contact_info_email_idx",
            // address words and postal codes
            "address_search_key_trgm_gin",
            // appointment timeline, a provider's day, a clinic's range
            "appointment_patient_starts_idx", "appointment_provider_starts_idx", "appointment_clinic_starts_idx",
            "appointment_open_clinic_idx",
            // appointment reason full text, alone or within a clinic
            "appointment_clinic_reason_gin");

    private ProtectedIndexes() {
    }

    /** {@code name} may be schema-qualified, as pg-index-health reports it. */
    public static boolean contains(String name) {
        int dot = name.lastIndexOf('.');
        return NAMES.contains(dot < 0 ? name : name.substring(dot + 1));
    }
}
