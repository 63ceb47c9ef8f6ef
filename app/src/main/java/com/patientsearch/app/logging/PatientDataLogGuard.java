package com.patientsearch.app.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

import java.util.List;

/**
 * Keeps patient data out of the logs whatever levels an operator turns on (logback.xml installs it). The libraries
 * below print request lines with their query strings (names, phones, emails), entity state or bound values at
 * DEBUG/TRACE; their events under INFO are dropped before any appender sees them. NoPatientDataInLogsTest runs a
 * search and a read with every logger at DEBUG to prove it.
 */
public class PatientDataLogGuard extends TurboFilter {

    /** Logger name prefixes whose DEBUG/TRACE output can carry patient data. */
    static final List<String> LEAKY = List.of(
            "io.micronaut.http.server",          // "Request GET /api/v1/patients/search?q=<name>"
            "io.micronaut.http.client",          // the URIs it sends
            "io.micronaut.context.event",        // HttpRequestReceivedEvent[source=GET <uri with query>]
            "io.micronaut.web.router",           // route matching on the full URI
            "org.hibernate.internal.util.EntityPrinter", // entity state on flush
            "org.hibernate.orm.jdbc.bind",       // bound parameter values
            "org.hibernate.orm.jdbc.extract",    // extracted column values
            "org.hibernate.orm.results",         // row values while loading
            "org.hibernate.type",                // older bind/extract loggers
            "org.hibernate.search",              // indexed documents
            "org.infinispan",                    // cached entity state
            "net.ttddyy.dsproxy",                // datasource-proxy's query logging with parameters
            "org.postgresql");                   // the driver's statement traces

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (level == null || level.isGreaterOrEqual(Level.INFO) || logger == null) {
            return FilterReply.NEUTRAL;
        }
        String name = logger.getName();
        for (String prefix : LEAKY) {
            if (name.startsWith(prefix)) {
                return FilterReply.DENY;
            }
        }
        return FilterReply.NEUTRAL;
    }
}
