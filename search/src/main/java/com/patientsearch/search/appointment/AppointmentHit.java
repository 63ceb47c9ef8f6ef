package com.patientsearch.search.appointment;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

@Serdeable
public record AppointmentHit(
        long id,
        long patientId,
        String patientName,
        long providerId,
        String providerName,
        String clinic,
        Instant startsAt,
        Instant endsAt,
        String status,
        @Nullable String reason,
        // text search only: ts_rank of the reason against the query (rounded), what the page is ordered by
        @Nullable Double score) {
}
