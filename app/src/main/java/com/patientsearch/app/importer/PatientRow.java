package com.patientsearch.app.importer;

import java.time.LocalDate;

/** A validated patient CSV row, ready for staging. */
record PatientRow(long line, long clinicId, String mrn, String firstName, String middleName, String lastName,
                  LocalDate dateOfBirth, String gender, String status, String phone, String email, String street,
                  String city, String region, String postalCode, String country) {
}
