package com.patientsearch.search.patient;

import com.patientsearch.persistence.datasource.OwnerDatabase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;

/** Writes test patients straight through JDBC, as bulk loads do: the search must not depend on the ORM path. */
final class SearchFixtures {

    private final OwnerDatabase pool;

    /** Fixtures are written by the schema owner: the app role may not create clinics, nor rows outside a scope. */
    SearchFixtures(OwnerDatabase owner) {
        this.pool = owner;
    }

    long clinic(String code, String zone) throws SQLException {
        return insert("INSERT INTO clinic (code, name, time_zone) VALUES (?, ?, ?) RETURNING id", code, code + " Clinic", zone);
    }

    long patient(long clinicId, String mrn, String first, String middle, String last, String dob, String gender) throws SQLException {
        return insert("""
                INSERT INTO patient (clinic_id, mrn, first_name, middle_name, last_name, date_of_birth, gender)
                VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id""", clinicId, mrn, first, middle, last, LocalDate.parse(dob), gender);
    }

    void contact(long patientId, String kind, String phone, String email) throws SQLException {
        insert("INSERT INTO contact_info (patient_id, kind, phone, email, is_primary) VALUES (?, ?, ?, ?, true) RETURNING id",
                patientId, kind, phone, email);
    }

    void address(long patientId, String street, String city, String postalCode) throws SQLException {
        insert("INSERT INTO address (patient_id, street, city, postal_code, country) VALUES (?, ?, ?, ?, 'US') RETURNING id",
                patientId, street, city, postalCode);
    }

    void merge(long patientId, long survivorId) throws SQLException {
        execute("UPDATE patient SET status = 'merged', merged_into_id = " + survivorId + " WHERE id = " + patientId);
    }

    void execute(String sql) throws SQLException {
        try (Connection connection = pool.connection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private long insert(String sql, Object... values) throws SQLException {
        try (Connection connection = pool.connection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
