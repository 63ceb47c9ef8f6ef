package com.patientsearch.app.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import com.patientsearch.persistence.resilience.DatabaseFailures;
import org.slf4j.Marker;

import java.util.List;

/**
 * Keeps patient data out of the logs whatever levels an operator turns on (logback.xml installs it). The libraries
 * below print request lines with their query strings (names, phones, emails), entity state or bound values at
 * DEBUG/TRACE; their events under INFO are dropped before any appender sees them. NoPatientDataInLogsTest runs a
 * search and a read with every logger at DEBUG to prove it. At every level: an event carrying a database error is
 * replaced by one line with its class and SQLState (a trigger's or a key's message quotes values), and Hibernate's
 * SQL-error logger is dropped (DatabaseErrorsLogNoValuesTest).
 */
public class PatientDataLogGuard extends TurboFilter {

    /** Logger name prefixes whose DEBUG/TRACE output can carry patient data. */
    static final List<String> LEAKY = List.of(
            "io.micronaut.http.server",          // "Request GET /api/v1/patients/search?q=<name>"
            "io.micronaut.http.client",          // the URIs it sends
            "io.micronaut.context.event",        // HttpRequestReceivedEvent[source=GET <uri with query>]
            "io.micronaut.web.router",           // route matching on the full URI
            "io.micronaut.security",             // "Token found in request GET /api/v1/patients/<path as sent>"
            "org.hibernate.internal.util.EntityPrinter", // entity state on flush
            "org.hibernate.orm.jdbc.bind",       // bound parameter values
            "org.hibernate.orm.jdbc.extract",    // extracted column values
            "org.hibernate.orm.results",         // row values while loading
            "org.hibernate.type",                // older bind/extract loggers
            "org.hibernate.search",              // indexed documents
            "org.infinispan",                    // cached entity state
            "net.ttddyy.dsproxy",                // datasource-proxy's query logging with parameters
            "org.postgresql");                   // the driver's statement traces

    /**
     * Loggers dropped at every level: Hibernate's SQL-error logger prints the driver's message at ERROR, which quotes
     * the server's error (a trigger's message, a key's values). Our failure handlers log class and SQLState instead.
     */
    static final List<String> SILENCED = List.of("org.hibernate.engine.jdbc.spi.SqlExceptionHelper");

    private static final org.slf4j.Logger SANITISED = org.slf4j.LoggerFactory.getLogger(PatientDataLogGuard.class);

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (level == null || logger == null) {
            return FilterReply.NEUTRAL;
        }
        String name = logger.getName();
        Kind kind = kinds.computeIfAbsent(name, PatientDataLogGuard::kindOf);
        if (kind == Kind.SILENCED) {
            return FilterReply.DENY;
        }
        Throwable thrown = t != null ? t
                : params != null && params.length > 0 && params[params.length - 1] instanceof Throwable last ? last : null;
        if (thrown != null && carriesSql(thrown) && !name.equals(SANITISED.getName())) {
            // Any library's log event with a database error attached: its messages can quote values. Say which
            // logger, the class and SQLState, nothing else.
            String line = "{} {}: {}";
            Object[] args = {name, level, DatabaseFailures.describe(thrown)};
            if (level.isGreaterOrEqual(Level.ERROR)) {
                SANITISED.error(line, args);
            } else if (level.isGreaterOrEqual(Level.WARN)) {
                SANITISED.warn(line, args);
            } else {
                SANITISED.debug(line, args);
            }
            return FilterReply.DENY;
        }
        if (level.isGreaterOrEqual(Level.INFO)) {
            return FilterReply.NEUTRAL;
        }
        return kind == Kind.LEAKY ? FilterReply.DENY : FilterReply.NEUTRAL;
    }

    /** What the lists say about a logger: looked up once per logger name, since this runs on every level check. */
    private enum Kind { SILENCED, LEAKY, OTHER }

    private final java.util.concurrent.ConcurrentMap<String, Kind> kinds = new java.util.concurrent.ConcurrentHashMap<>();

    private static Kind kindOf(String name) {
        if (SILENCED.stream().anyMatch(name::startsWith)) {
            return Kind.SILENCED;
        }
        return LEAKY.stream().anyMatch(name::startsWith) ? Kind.LEAKY : Kind.OTHER;
    }

    private static boolean carriesSql(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException || t instanceof org.hibernate.JDBCException) {
                return true;
            }
        }
        return false;
    }
}
