package com.patientsearch.perf.search;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Runs a textbook statement on a pooled connection (no Hibernate, no transaction) and reads every row. */
final class Textbook {

    private Textbook() {
    }

    static int rows(BenchDatabase db, String sql, Object... binds) throws SQLException {
        try (Connection connection = db.pool.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < binds.length; i++) {
                statement.setObject(i + 1, binds[i]);
            }
            int rows = 0;
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows++;
                }
            }
            return rows;
        }
    }
}
