package com.patientsearch.search.patient;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** A patient's record as the front end shows it: the patient, contacts, addresses, appointments around today. */
@Serdeable
public record PatientRecord(
        long id,
        String clinic,
        String mrn,
        String firstName,
        @Nullable String middleName,
        String lastName,
        LocalDate dateOfBirth,
        String gender,
        String status,
        @Nullable Long mergedInto,
        long version,
        Instant createdAt,
        Instant updatedAt,
        List<Contact> contacts,
        List<Address> addresses,
        List<Visit> upcomingAppointments,
        List<Visit> pastAppointments) {

    @Serdeable
    public record Contact(long id, String kind, @Nullable String phone, @Nullable String email, boolean primary) {
    }

    @Serdeable
    public record Address(long id, @Nullable String street, @Nullable String city, @Nullable String state,
                          @Nullable String postalCode, @Nullable String country) {
    }

    @Serdeable
    public record Visit(long id, Instant startsAt, Instant endsAt, String status, @Nullable String reason,
                        long providerId, String providerName) {
    }
}
