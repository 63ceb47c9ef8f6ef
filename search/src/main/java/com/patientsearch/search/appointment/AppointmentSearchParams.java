package com.patientsearch.search.appointment;

import io.micronaut.core.annotation.Nullable;

import java.util.Set;

/** Appointment search parameters as sent; validated in one place ({@link AppointmentQuery#parse}). */
public record AppointmentSearchParams(
        @Nullable String patient,
        @Nullable String provider,
        @Nullable String date,
        @Nullable String clinic,
        @Nullable String from,
        @Nullable String to,
        @Nullable String status,
        @Nullable String limit,
        @Nullable String cursor,
        @Nullable String text,
        @Nullable String sort) {

    public static final Set<String> NAMES = Set.of("patient", "provider", "date", "clinic", "from", "to", "status", "limit",
            "cursor", "text", "sort");

    /** Without a text search. */
    public AppointmentSearchParams(String patient, String provider, String date, String clinic, String from, String to,
                                   String status, String limit, String cursor) {
        this(patient, provider, date, clinic, from, to, status, limit, cursor, null, null);
    }

    /** A text search in its default order, best match first. */
    public AppointmentSearchParams(String patient, String provider, String date, String clinic, String from, String to,
                                   String status, String limit, String cursor, String text) {
        this(patient, provider, date, clinic, from, to, status, limit, cursor, text, null);
    }
}
