package com.patientsearch.operations.monitoring;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Keeps {@code /metrics} within Prometheus's naming rules ({@code promtool check metrics}) for meters bound by
 * libraries; our own meters are named right where they are registered (base units, help text).
 * MetricsExpositionTest checks the whole exposition.
 * <ul>
 *   <li>label names in snake_case (hibernate-micrometer tags every meter {@code entityManagerFactory});</li>
 *   <li>help text for the framework's timers that come without one;</li>
 *   <li>{@code system.cpu.count} (a gauge named like a histogram's count) is {@code system.cpus};</li>
 *   <li>{@code process.cpu.time} (nanoseconds, not a base unit) is dropped: {@code process_cpu_usage} remains.</li>
 * </ul>
 */
@Singleton
class PrometheusNaming implements MeterFilter {

    private static final Pattern CAMEL = Pattern.compile("([a-z0-9])([A-Z])");
    private static final Map<String, String> HELP = Map.of(
            "http.server.requests", "HTTP requests served, by route template, method and status",
            "http.client.requests", "HTTP requests sent by the service's HTTP clients",
            "executor", "Time tasks took on an executor");
    private static final Map<String, String> RENAMED = Map.of("system.cpu.count", "system.cpus");

    @Override
    public MeterFilterReply accept(Meter.Id id) {
        return "process.cpu.time".equals(id.getName()) ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
    }

    @Override
    public Meter.Id map(Meter.Id id) {
        Meter.Id mapped = id;
        String name = RENAMED.get(id.getName());
        if (name != null) {
            mapped = mapped.withName(name);
        }
        String help = HELP.get(mapped.getName());
        if (help != null && (mapped.getDescription() == null || mapped.getDescription().isBlank())) {
            mapped = new Meter.Id(mapped.getName(), Tags.of(mapped.getTagsAsIterable()), mapped.getBaseUnit(), help, mapped.getType());
        }
        List<Tag> tags = mapped.getTags();
        if (tags.stream().noneMatch(t -> CAMEL.matcher(t.getKey()).find())) {
            return mapped;
        }
        List<Tag> renamed = new ArrayList<>(tags.size());
        for (Tag tag : tags) {
            renamed.add(Tag.of(snakeCase(tag.getKey()), tag.getValue()));
        }
        return mapped.replaceTags(renamed);
    }

    static String snakeCase(String name) {
        return CAMEL.matcher(name).replaceAll("$1_$2").toLowerCase(Locale.ROOT);
    }
}
