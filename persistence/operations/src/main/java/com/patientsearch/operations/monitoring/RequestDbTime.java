package com.patientsearch.operations.monitoring;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.context.ServerRequestContext;
import net.ttddyy.dsproxy.ExecutionInfo;
import net.ttddyy.dsproxy.QueryInfo;
import net.ttddyy.dsproxy.listener.QueryExecutionListener;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sums the time an HTTP request spends executing SQL (statement execute to return, including the driver and the
 * loopback, excluding pool waits and the Java around it), so the response can say it ({@code Server-Timing: db}).
 * A request takes part only once {@link #start} has put an accumulator on it; other statements cost a lookup.
 * Nanosecond clock of its own: datasource-proxy's elapsed time is in whole milliseconds.
 */
public final class RequestDbTime implements QueryExecutionListener {

    /** The request attribute holding the accumulator (nanoseconds). */
    public static final String ATTRIBUTE = "patient-search.db-nanos";

    private static final ThreadLocal<long[]> STARTED = ThreadLocal.withInitial(() -> new long[1]);

    /** Starts accounting for {@code request}; its statements add up from here. */
    public static void start(HttpRequest<?> request) {
        request.setAttribute(ATTRIBUTE, new LongAdder());
    }

    /** The SQL time accumulated for {@code request} so far, in nanoseconds; empty if it was never started. */
    public static Optional<Long> nanos(HttpRequest<?> request) {
        return request.getAttribute(ATTRIBUTE, LongAdder.class).map(LongAdder::sum);
    }

    @Override
    public void beforeQuery(ExecutionInfo execInfo, List<QueryInfo> queryInfoList) {
        STARTED.get()[0] = System.nanoTime();
    }

    @Override
    public void afterQuery(ExecutionInfo execInfo, List<QueryInfo> queryInfoList) {
        long elapsed = System.nanoTime() - STARTED.get()[0];
        ServerRequestContext.currentRequest()
                .flatMap(request -> request.getAttribute(ATTRIBUTE, LongAdder.class))
                .ifPresent(total -> total.add(elapsed));
    }
}
