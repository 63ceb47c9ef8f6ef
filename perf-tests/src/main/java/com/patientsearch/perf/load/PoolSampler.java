package com.patientsearch.perf.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Samples the service's connection pool from its Prometheus endpoint while a level runs: connections in use
 * against the pool's maximum, threads waiting for one, and (from the acquisition timer's deltas) the mean wait.
 * Meter names: persistence/operations, monitoring/AgroalPoolMetrics and MonitoredDataSource. Also the second-level cache's hit
 * ratio per region over the level, from the deltas of {@code hibernate_second_level_cache_requests_total}
 * (hibernate-micrometer).
 */
final class PoolSampler implements Runnable {

    static final String LABEL = "{datasource=\"default\"}";

    /** The pool during one level. Utilisation: mean in-use / max; NaN where the service exposed nothing. */
    record PoolStats(int samples, double activeMean, double activeMax, double maxSize, double utilisationMean,
                     double awaitingMean, double awaitingMax, double acquireMeanMs, double timeouts,
                     Map<String, Double> cacheHitRatio) {

        static PoolStats none() {
            return new PoolStats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN, Map.of());
        }
    }

    private static final java.util.regex.Pattern CACHE_REQUESTS =
            java.util.regex.Pattern.compile("hibernate_second_level_cache_requests_total\\{.*region=\"([^\"]+)\".*result=\"(hit|miss)\".*}");

    private final HttpClient client;
    private final HttpRequest request;
    private final Duration interval;
    private volatile boolean running = true;
    private int samples;
    private double activeSum;
    private double activeMax;
    private double awaitingSum;
    private double awaitingMax;
    private double maxSize = Double.NaN;
    private Map<String, Double> first;
    private Map<String, Double> last;

    PoolSampler(HttpClient client, URI base, String token, Duration interval) {
        this.client = client;
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve("/metrics")).timeout(Duration.ofSeconds(5)).GET();
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        this.request = builder.build();
        this.interval = interval;
    }

    @Override
    public void run() {
        while (running) {
            sample();
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    void stop() {
        running = false;
        sample(); // the end point of the deltas
    }

    private synchronized void sample() {
        Map<String, Double> values;
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 401 || response.statusCode() == 403) {
                // no access to /metrics (no ops token, metrics not public): stop asking, each refusal costs the
                // service CPU that would be counted against the level's requests
                running = false;
                return;
            }
            if (response.statusCode() != 200) {
                return;
            }
            values = parse(response.body());
        } catch (java.io.IOException e) {
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        Double active = values.get("agroal_connections_active" + LABEL);
        if (active == null) {
            return;
        }
        double awaiting = values.getOrDefault("agroal_connections_awaiting" + LABEL, 0.0);
        samples++;
        activeSum += active;
        activeMax = Math.max(activeMax, active);
        awaitingSum += awaiting;
        awaitingMax = Math.max(awaitingMax, awaiting);
        maxSize = values.getOrDefault("agroal_connections_max" + LABEL, Double.NaN);
        if (first == null) {
            first = values;
        }
        last = values;
    }

    synchronized PoolStats stats() {
        if (samples == 0) {
            return PoolStats.none();
        }
        double count = delta("agroal_acquisition_seconds_count" + LABEL);
        double sum = delta("agroal_acquisition_seconds_sum" + LABEL);
        return new PoolStats(samples, activeSum / samples, activeMax, maxSize, activeSum / samples / maxSize,
                awaitingSum / samples, awaitingMax, count > 0 ? sum / count * 1000 : Double.NaN,
                delta("agroal_acquisition_timeouts_total" + LABEL), cacheHitRatio(first, last));
    }

    /** Per region: hits / (hits + misses) between the two samples; regions read no time during the level are left out. */
    static Map<String, Double> cacheHitRatio(Map<String, Double> first, Map<String, Double> last) {
        Map<String, double[]> counts = new java.util.TreeMap<>();
        last.forEach((key, value) -> {
            java.util.regex.Matcher m = CACHE_REQUESTS.matcher(key);
            if (m.matches()) {
                double delta = value - first.getOrDefault(key, 0.0);
                counts.computeIfAbsent(m.group(1), r -> new double[2])[m.group(2).equals("hit") ? 0 : 1] += delta;
            }
        });
        Map<String, Double> ratios = new java.util.TreeMap<>();
        counts.forEach((region, c) -> {
            if (c[0] + c[1] > 0) {
                ratios.put(region, c[0] / (c[0] + c[1]));
            }
        });
        return ratios;
    }

    private double delta(String key) {
        Double a = first.get(key);
        Double b = last.get(key);
        return a == null || b == null ? Double.NaN : b - a;
    }

    /** Prometheus text format: {@code name{labels} value}, comments skipped. */
    static Map<String, Double> parse(String text) {
        Map<String, Double> values = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            if (space < 1) {
                continue;
            }
            try {
                values.put(line.substring(0, space).strip(), Double.parseDouble(line.substring(space + 1).strip()));
            } catch (NumberFormatException e) {
                // a timestamp or an exotic value: not a meter this tool reads
            }
        }
        return values;
    }
}
