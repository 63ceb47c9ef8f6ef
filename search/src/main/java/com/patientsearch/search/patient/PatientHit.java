package com.patientsearch.search.patient;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.LocalDate;

/** One patient in a search result. {@code score} is null unless the search had a name. */
@Serdeable
public record PatientHit(
        long id,
        String clinic,
        String mrn,
        String firstName,
        @Nullable String middleName,
        String lastName,
        LocalDate dateOfBirth,
        String gender,
        String status,
        @Nullable String phone,
        @Nullable String email,
        @Nullable Double score) {
}
