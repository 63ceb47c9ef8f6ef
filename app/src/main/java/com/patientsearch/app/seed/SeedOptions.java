package com.patientsearch.app.seed;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * What to seed. {@code asOf} anchors dates of birth and appointment days, so the same seed on the same day gives
 * the same rows; {@code now} only decides which appointments are already over (their status).
 */
record SeedOptions(long patients, long seed, int clinics, LocalDate asOf, Instant now) {

    SeedOptions {
        if (patients < 0) {
            throw new IllegalArgumentException("patients must not be negative");
        }
        if (clinics < 1) {
            throw new IllegalArgumentException("clinics must be at least 1");
        }
    }

    static SeedOptions of(long patients, long seed, int clinics) {
        Instant now = Instant.now();
        return new SeedOptions(patients, seed, clinics, LocalDate.ofInstant(now, ZoneOffset.UTC), now);
    }

    static int defaultClinics(long patients) {
        // about 20,000 patients a clinic, between 3 and 50 clinics
        return (int) Math.max(3, Math.min(50, patients / 20_000));
    }
}
