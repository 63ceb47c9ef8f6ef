package com.patientsearch.app.seed;

import java.time.LocalTime;
import java.time.ZoneId;

/**
 * A generated clinic: where it is, its IANA zone, and the hours appointments are booked in (the schema keeps no
 * opening hours, so they live only here).
 */
record ClinicSite(long id, String code, String name, String city, String state, ZoneId zone, LocalTime opens,
                  LocalTime closes, boolean saturdays, long[] providerIds) {

    /** Real US cities with their states and time zones; clinics beyond the list reuse them with a suffix. */
    static final String[][] CITIES = {
            {"Boston", "MA", "America/New_York"},
            {"Chicago", "IL", "America/Chicago"},
            {"Denver", "CO", "America/Denver"},
            {"Phoenix", "AZ", "America/Phoenix"},
            {"Seattle", "WA", "America/Los_Angeles"},
            {"Miami", "FL", "America/New_York"},
            {"Houston", "TX", "America/Chicago"},
            {"San Diego", "CA", "America/Los_Angeles"},
            {"Detroit", "MI", "America/Detroit"},
            {"Indianapolis", "IN", "America/Indiana/Indianapolis"},
            {"Anchorage", "AK", "America/Anchorage"},
            {"Honolulu", "HI", "Pacific/Honolulu"},
            {"Boise", "ID", "America/Boise"},
            {"San Juan", "PR", "America/Puerto_Rico"},
            {"Atlanta", "GA", "America/New_York"},
            {"Minneapolis", "MN", "America/Chicago"},
            {"Salt Lake City", "UT", "America/Denver"},
            {"Portland", "OR", "America/Los_Angeles"},
            {"Nashville", "TN", "America/Chicago"},
            {"Philadelphia", "PA", "America/New_York"},
    };

    static final String[] KINDS = {"Family Medicine", "Pediatrics", "Internal Medicine", "Community Health Center",
            "Medical Group", "Primary Care", "Women's Health", "Health Partners"};

    static final String[] SPECIALTIES = {"Family Medicine", "Family Medicine", "Internal Medicine", "Pediatrics",
            "Obstetrics and Gynecology", "Cardiology", "Dermatology", "Nurse Practitioner", "Physician Assistant",
            "Endocrinology", "Psychiatry", "Physical Therapy"};
}
