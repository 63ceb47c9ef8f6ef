package com.patientsearch.search.clinic;

import com.patientsearch.domain.clinic.Clinic;
import com.patientsearch.persistence.resilience.RetryTransientReads;
import com.patientsearch.persistence.scope.CallerScope;
import com.patientsearch.search.common.InvalidParameterException;
import io.micronaut.transaction.annotation.ReadOnly;
import jakarta.inject.Singleton;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;
import org.hibernate.jpa.HibernateHints;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * Clinics by code, and the clinic list. The one rule: a code the caller may not see is answered like an unknown one
 * ({@code clinic: is not a known clinic}), so codes cannot be probed. Entity work finds the clinic by natural id (the
 * {@code clinic-by-code} cache answers it; a query would put a clinic in the cache that no query reads back); the
 * statements that run on the transaction's JDBC connection look it up there ({@link #visible(Connection, CallerScope,
 * String)}). The list comes from the query cache; a clinic change invalidates both caches.
 */
@Singleton
public class ClinicDirectory {

    /** The one query-cache region: reference lists only, never patient queries (they would rarely repeat). */
    static final String REFERENCE_LISTS = "reference-lists";

    /** What a statement needs of a clinic: its id, and its time zone to cut days. */
    public record ClinicKey(long id, ZoneId timeZone) {
    }

    /** A clinic as the list holds it: what scoping a search and naming a clinic need. */
    public record ClinicRef(long id, String code) {
    }

    private final EntityManager entityManager;

    ClinicDirectory(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    @RetryTransientReads
    @ReadOnly
    public Optional<Clinic> byCode(String code) {
        return load(code);
    }

    @RetryTransientReads
    @ReadOnly
    public List<ClinicRef> all() {
        return allInTransaction();
    }

    /**
     * Every clinic, in the caller's transaction: no retry boundary of its own inside one that is already open (a
     * retry would join the broken transaction), and none of the interceptors' cost on every search. Ids and codes
     * only: the query cache holds them as they are, where a list of entities would be assembled again from the
     * entity cache on every search.
     */
    public List<ClinicRef> allInTransaction() {
        return entityManager.createQuery("select c.id, c.code from Clinic c order by c.code", Object[].class)
                .setHint(HibernateHints.HINT_CACHEABLE, true)
                .setHint(HibernateHints.HINT_CACHE_REGION, REFERENCE_LISTS)
                .getResultList().stream()
                .map(row -> new ClinicRef((Long) row[0], (String) row[1]))
                .toList();
    }

    /**
     * The caller's clinic of this code, in the caller's transaction.
     *
     * @throws InvalidParameterException for another clinic's code or an unknown one
     */
    public Clinic visible(CallerScope caller, String code) {
        requireVisible(caller, code);
        return load(code).orElseThrow(ClinicDirectory::unknown);
    }

    /** The ids of the caller's clinics that exist, in the caller's transaction. */
    public List<Long> ids(CallerScope caller) {
        return ids(caller, allInTransaction());
    }

    /**
     * The ids of the caller's clinics among {@code clinics} (the list {@link #all()} or {@link #allInTransaction()}
     * gave).
     */
    public static List<Long> ids(CallerScope caller, List<ClinicRef> clinics) {
        return clinics.stream().filter(clinic -> caller.maySee(clinic.code())).map(ClinicRef::id).toList();
    }

    /**
     * The caller's clinic of this code, read on {@code connection} (one statement, in the statement's transaction).
     *
     * @throws InvalidParameterException for another clinic's code or an unknown one
     */
    public static ClinicKey visible(Connection connection, CallerScope caller, String code) throws SQLException {
        requireVisible(caller, code);
        try (PreparedStatement statement = connection.prepareStatement("SELECT id, time_zone FROM clinic WHERE code = ?")) {
            statement.setString(1, code);
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    throw unknown();
                }
                return new ClinicKey(rs.getLong(1), ZoneId.of(rs.getString(2)));
            }
        }
    }

    private Optional<Clinic> load(String code) {
        return entityManager.unwrap(Session.class).bySimpleNaturalId(Clinic.class).loadOptional(code);
    }

    private static void requireVisible(CallerScope caller, String code) {
        if (!caller.maySee(code)) {
            throw unknown();
        }
    }

    private static InvalidParameterException unknown() {
        return new InvalidParameterException("clinic", "is not a known clinic");
    }
}
