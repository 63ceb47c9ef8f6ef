package com.patientsearch.app.ops;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules of {@code promtool check metrics} (client_golang's promlint), checked in Java because CI has no
 * promtool: help text, snake_case names and labels, _total on counters only, base units, no type or reserved
 * suffixes in names, no duplicate series.
 */
final class PrometheusLint {

    private static final Pattern CAMEL = Pattern.compile("[a-z][A-Z]");
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+\\S+.*$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final List<String> BASE_UNITS = List.of("amperes", "bytes", "celsius", "grams", "joules", "kelvin",
            "meters", "metres", "seconds", "volts");
    private static final List<String> UNIT_PREFIXES = List.of("pico", "nano", "micro", "milli", "centi", "deci", "deca",
            "hecto", "kilo", "kibi", "mega", "mebi", "giga", "gibi", "tera", "tebi", "peta", "pebi");
    private static final List<String> UNIT_ABBREVIATIONS = List.of("s", "ms", "us", "ns", "sec", "b", "kb", "mb", "gb",
            "tb", "pb", "m", "h", "d");
    private static final List<String> TYPES = List.of("counter", "gauge", "histogram", "summary", "untyped");

    private PrometheusLint() {
    }

    /** One line per finding, {@code name: problem}, like promtool's output. */
    static List<String> check(String exposition) {
        Map<String, String> types = new LinkedHashMap<>();
        Map<String, String> help = new HashMap<>();
        List<String> problems = new ArrayList<>();
        Set<String> series = new HashSet<>();
        for (String line : exposition.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.substring(7).split(" ", 2);
                types.put(parts[0], parts.length > 1 ? parts[1].trim() : "untyped");
            } else if (line.startsWith("# HELP ")) {
                String[] parts = line.substring(7).split(" ", 2);
                help.put(parts[0], parts.length > 1 ? parts[1].trim() : "");
            } else if (!line.isBlank() && !line.startsWith("#")) {
                Matcher m = SAMPLE.matcher(line);
                if (!m.matches()) {
                    problems.add(line + ": not a sample line");
                    continue;
                }
                if (m.group(3) != null) {
                    Matcher label = LABEL.matcher(m.group(3));
                    while (label.find()) {
                        if (CAMEL.matcher(label.group(1)).find()) {
                            problems.add(m.group(1) + ": label names should be written in 'snake_case' not 'camelCase' (" + label.group(1) + ")");
                        }
                    }
                }
                if (!series.add(m.group(1) + "{" + (m.group(3) == null ? "" : m.group(3)) + "}")) {
                    problems.add(m.group(1) + ": metric not unique");
                }
            }
        }
        for (Map.Entry<String, String> family : types.entrySet()) {
            String name = family.getKey();
            String type = family.getValue();
            String lower = name.toLowerCase(Locale.ROOT);
            if (help.getOrDefault(name, "").isBlank()) {
                problems.add(name + ": no help text");
            }
            if (CAMEL.matcher(name).find()) {
                problems.add(name + ": metric names should be written in 'snake_case' not 'camelCase'");
            }
            if (name.contains(":")) {
                problems.add(name + ": metric names should not contain ':'");
            }
            if ("counter".equals(type) && !name.endsWith("_total")) {
                problems.add(name + ": counter metrics should have \"_total\" suffix");
            }
            if (!"counter".equals(type) && name.endsWith("_total")) {
                problems.add(name + ": non-counter metrics should not have \"_total\" suffix");
            }
            if (!"histogram".equals(type) && !"summary".equals(type)
                    && (name.endsWith("_count") || name.endsWith("_sum") || name.endsWith("_bucket"))) {
                problems.add(name + ": non-histogram and non-summary metrics should not have a _count, _sum or _bucket suffix");
            }
            for (String t : TYPES) {
                if (lower.contains("_" + t + "_") || lower.endsWith("_" + t)) {
                    problems.add(name + ": metric name should not include type '" + t + "'");
                }
            }
            for (String unit : BASE_UNITS) {
                for (String prefix : UNIT_PREFIXES) {
                    if (lower.contains("_" + prefix + unit + "_") || lower.endsWith("_" + prefix + unit)) {
                        problems.add(name + ": use base unit \"" + unit + "\" instead of \"" + prefix + unit + "\"");
                    }
                }
            }
            for (String abbreviation : UNIT_ABBREVIATIONS) {
                if (lower.contains("_" + abbreviation + "_") || lower.endsWith("_" + abbreviation)) {
                    problems.add(name + ": metric names should not contain abbreviated units");
                }
            }
        }
        return problems;
    }
}
