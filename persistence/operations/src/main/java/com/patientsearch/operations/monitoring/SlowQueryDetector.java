package com.patientsearch.operations.monitoring;

import net.ttddyy.dsproxy.ExecutionInfo;
import net.ttddyy.dsproxy.QueryInfo;
import net.ttddyy.dsproxy.listener.MethodExecutionContext;
import net.ttddyy.dsproxy.listener.MethodExecutionListener;
import net.ttddyy.dsproxy.listener.QueryExecutionListener;

import com.patientsearch.persistence.scope.RowSecurity;
import org.postgresql.PGConnection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Times every statement (datasource-proxy) and turns the slow ones into alerts. A slow SELECT is reported when its
 * ResultSet is closed, so the alert carries the number of rows the caller actually read.
 */
final class SlowQueryDetector implements QueryExecutionListener, MethodExecutionListener {

    /** Result sets never closed by their caller must not pile up: past this, the oldest is reported without rows. */
    private static final int MAX_PENDING = 256;

    private final SlowQueryProperties properties;
    private final SlowQueryLog log;
    private final PlanCapture plans;
    private final QueryOrigin origin;
    // Identity, not equals/hashCode: those calls on a proxied ResultSet would come back through this listener.
    private final Map<Object, Pending> pending = new IdentityHashMap<>();
    private volatile boolean anyPending;

    SlowQueryDetector(SlowQueryProperties properties, SlowQueryLog log, PlanCapture plans, QueryOrigin origin) {
        this.properties = properties;
        this.log = log;
        this.plans = plans;
        this.origin = origin;
    }

    @Override
    public void beforeQuery(ExecutionInfo execInfo, List<QueryInfo> queryInfoList) {
        // timing is done by datasource-proxy itself
    }

    @Override
    public void afterQuery(ExecutionInfo execInfo, List<QueryInfo> queryInfoList) {
        if (!properties.isEnabled() || queryInfoList.isEmpty()
                || execInfo.getElapsedTime() < properties.getThreshold().toMillis()) {
            return;
        }
        QueryInfo first = queryInfoList.get(0);
        String normalized = SqlNormalizer.normalize(first.getQuery());
        boolean read = SqlNormalizer.isRead(normalized);
        boolean replayable = read && execInfo.isSuccess() && plans.due(SqlNormalizer.family(normalized));
        Pending slow = new Pending(Instant.now(), normalized, execInfo.getElapsedTime(), origin.current(), read,
                replayable ? replayOf(first, boundClinics(execInfo.getStatement())) : null, execInfo.getStatement());
        Object result = execInfo.getResult();
        if (result instanceof ResultSet) {
            Pending evicted = null;
            synchronized (pending) {
                pending.put(result, slow);
                anyPending = true;
                if (pending.size() > MAX_PENDING) {
                    // An identity map keeps no order: find the oldest by its time (rare, and bounded by MAX_PENDING).
                    Map.Entry<Object, Pending> oldest = Collections.min(pending.entrySet(),
                            Comparator.comparing((Map.Entry<Object, Pending> e) -> e.getValue().at));
                    evicted = pending.remove(oldest.getKey());
                }
            }
            if (evicted != null) {
                report(evicted, null);
            }
            return;
        }
        report(slow, rowsOf(result));
    }

    @Override
    public void beforeMethod(MethodExecutionContext context) {
        // only results matter
    }

    @Override
    public void afterMethod(MethodExecutionContext context) {
        if (!anyPending) {
            return;
        }
        Object target = context.getTarget();
        String method = context.getMethod().getName();
        if (target instanceof ResultSet) {
            if ("next".equals(method) && Boolean.TRUE.equals(context.getResult())) {
                Pending p = lookup(context.getProxy(), target);
                if (p != null) {
                    p.rows++;
                }
            } else if ("close".equals(method)) {
                Pending p = remove(context.getProxy(), target);
                if (p != null) {
                    report(p, p.rows);
                }
            }
        } else if (target instanceof Statement && "close".equals(method)) {
            // A statement closed with its result set still open: report what was read so far.
            List<Pending> closed = new java.util.ArrayList<>();
            synchronized (pending) {
                pending.values().removeIf(p -> {
                    boolean match = p.statement == target || p.statement == context.getProxy();
                    if (match) {
                        closed.add(p);
                    }
                    return match;
                });
                anyPending = !pending.isEmpty();
            }
            closed.forEach(p -> report(p, p.rows));
        }
    }

    private Pending lookup(Object proxy, Object target) {
        synchronized (pending) {
            Pending p = pending.get(proxy);
            return p != null ? p : pending.get(target);
        }
    }

    private Pending remove(Object proxy, Object target) {
        synchronized (pending) {
            Pending p = pending.remove(proxy);
            if (p == null) {
                p = pending.remove(target);
            }
            anyPending = !pending.isEmpty();
            return p;
        }
    }

    private void report(Pending p, Long rows) {
        String family = SqlNormalizer.family(p.normalized);
        log.record(new SlowQuery(p.at, family, p.normalized, p.durationMs, rows, p.endpoint, p.read));
        if (p.replay != null) {
            plans.submit(family, p.replay);
        }
    }

    private static Replay replayOf(QueryInfo query, Set<String> clinics) {
        var parameters = query.getParametersList();
        return Replay.of(query.getQuery(), parameters.isEmpty() ? List.of() : parameters.get(0), clinics);
    }

    /**
     * The clinics row-level security saw for the slow statement: the transaction's own setting (RowSecurity.bind),
     * read on the driver's connection underneath the proxy so the lookup is not timed itself. Only for a read whose
     * plan is due, so at most one extra round trip per family and plan interval.
     */
    private static Set<String> boundClinics(Statement statement) {
        try {
            Connection raw = (Connection) statement.getConnection().unwrap(PGConnection.class);
            try (PreparedStatement lookup = raw.prepareStatement("SELECT current_setting(?, true)")) {
                lookup.setString(1, RowSecurity.CLINICS_SETTING);
                try (ResultSet rs = lookup.executeQuery()) {
                    String value = rs.next() ? rs.getString(1) : null;
                    return value == null || value.isBlank() ? Set.of()
                            : Arrays.stream(value.split(",")).map(String::strip).filter(c -> !c.isEmpty())
                                    .collect(Collectors.toSet());
                }
            }
        } catch (SQLException | RuntimeException e) {
            return Set.of(); // replayed unscoped, as before: the plan shape still holds
        }
    }

    private static Long rowsOf(Object result) {
        if (result instanceof Integer i) {
            return i.longValue();
        }
        if (result instanceof Long l) {
            return l;
        }
        if (result instanceof int[] counts) {
            long sum = 0;
            for (int c : counts) {
                sum += Math.max(c, 0);
            }
            return sum;
        }
        if (result instanceof long[] counts) {
            long sum = 0;
            for (long c : counts) {
                sum += Math.max(c, 0);
            }
            return sum;
        }
        return null;
    }

    private static final class Pending {
        final Instant at;
        final String normalized;
        final long durationMs;
        final String endpoint;
        final boolean read;
        final Replay replay;
        final Object statement;
        long rows;

        Pending(Instant at, String normalized, long durationMs, String endpoint, boolean read, Replay replay,
                Object statement) {
            this.at = at;
            this.normalized = normalized;
            this.durationMs = durationMs;
            this.endpoint = endpoint;
            this.read = read;
            this.replay = replay;
            this.statement = statement;
        }
    }
}
