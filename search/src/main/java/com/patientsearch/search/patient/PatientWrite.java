package com.patientsearch.search.patient;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * The body of {@code POST /api/v1/patients} and {@code PUT /api/v1/patients/{id}}, as sent (strings), validated
 * field by field in {@link PatientWriteService}. Unknown JSON members are refused rather than silently dropped.
 */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = false)
public record PatientWrite(
        @Nullable String clinic,
        @Nullable String mrn,
        @Nullable String firstName,
        @Nullable String middleName,
        @Nullable String lastName,
        @Nullable String dateOfBirth,
        @Nullable String gender,
        @Nullable String status,
        @Nullable Long version,
        @Nullable List<ContactWrite> contacts,
        @Nullable List<AddressWrite> addresses) {

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record ContactWrite(@Nullable String kind, @Nullable String phone, @Nullable String email, @Nullable Boolean primary) {
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record AddressWrite(@Nullable String street, @Nullable String city, @Nullable String state,
                               @Nullable String postalCode, @Nullable String country) {
    }

    /** The body of {@code POST /api/v1/patients/{id}/merge}. */
    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record Merge(@Nullable Long survivorId, @Nullable Long version) {
    }
}
