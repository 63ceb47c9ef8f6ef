package com.patientsearch.perf.load;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The load test's options. The target must be a loopback address: this tool generates real load and must never be
 * pointed at someone else's service.
 */
record LoadOptions(URI url, String token, List<Integer> concurrency, Duration duration, Duration warmup,
                   long maxRequests, int repeats, int patients, long idRange, long seed, Path out,
                   java.util.Set<RequestMix.Kind> kinds, Long servicePid, Long postgresPid) {

    static final String USAGE = """
            LoadTest --url http://localhost:8080 [--token T] [--concurrency 1,8,32,64] [--duration 30s] [--warmup 5s]
                     [--max-requests 200000] [--repeats 1] [--patients 400] [--id-range 1000000] [--seed 7] [--out DIR]
                     [--kinds name,name_dob,...] [--service-pid PID] [--postgres-pid PID]
              --url           the running service; loopback only (localhost, 127.0.0.0/8, ::1)
              --token         bearer token (default: env PATIENT_SEARCH_TOKEN; none if unset)
              --concurrency   closed-loop workers per level, one level after another
              --duration      measured time per level; --warmup runs first and is discarded
              --max-requests  cap on measured requests per level (whichever of time or count comes first)
              --repeats       run all levels this many times; the report gives medians and min-max
              --patients      patients sampled from the API (GET /api/v1/patients/{id}) to draw inputs from
              --id-range      patient ids are drawn from 1..id-range
              --kinds         only these request kinds, in their weights relative to each other (default: the whole mix:
                              name, name_dob, phone, record, patient_appointments, provider_day; also
                              common_word: a first or last name alone, type_ahead: its first 3 letters)
              --service-pid   the service's process id: CPU time per request from /proc (user + system)
              --postgres-pid  the postmaster's process id (first line of <data directory>/postmaster.pid): the
                              database's CPU time per request, postmaster and backends""";

    static LoadOptions parse(String[] args, Map<String, String> env) {
        URI url = URI.create("http://localhost:8080");
        String token = env.get("PATIENT_SEARCH_TOKEN");
        List<Integer> concurrency = List.of(1, 8, 32, 64);
        Duration duration = Duration.ofSeconds(30);
        Duration warmup = Duration.ofSeconds(5);
        long maxRequests = 200_000;
        int repeats = 1;
        int patients = 400;
        long idRange = 1_000_000;
        long seed = 7;
        Path out = Path.of("perf-tests/target/load");
        java.util.Set<RequestMix.Kind> kinds = RequestMix.Kind.defaultMix();
        Long servicePid = null;
        Long postgresPid = null;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            String value = args[++i];
            switch (name) {
                case "--url" -> url = URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
                case "--token" -> token = value;
                case "--concurrency" -> concurrency = levels(value);
                case "--duration" -> duration = duration(value);
                case "--warmup" -> warmup = duration(value);
                case "--max-requests" -> maxRequests = positive(name, Long.parseLong(value));
                case "--repeats" -> repeats = (int) positive(name, Integer.parseInt(value));
                case "--patients" -> patients = (int) positive(name, Integer.parseInt(value));
                case "--id-range" -> idRange = positive(name, Long.parseLong(value));
                case "--seed" -> seed = Long.parseLong(value);
                case "--out" -> out = Path.of(value);
                case "--kinds" -> kinds = kinds(value);
                case "--service-pid" -> servicePid = positive(name, Long.parseLong(value));
                case "--postgres-pid" -> postgresPid = positive(name, Long.parseLong(value));
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        requireLoopback(url);
        return new LoadOptions(url, token == null || token.isBlank() ? null : token.strip(), concurrency, duration,
                warmup, maxRequests, repeats, patients, idRange, seed, out, kinds, servicePid, postgresPid);
    }

    /** Refuses any URL whose host is not (or does not resolve only to) a loopback address. */
    static void requireLoopback(URI url) {
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
            throw new IllegalArgumentException("--url must be http(s), not " + url.getScheme());
        }
        String host = url.getHost();
        if (host == null) {
            throw new IllegalArgumentException("--url has no host");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--url host " + host + " does not resolve; only loopback targets are allowed");
        }
        for (InetAddress address : addresses) {
            if (!address.isLoopbackAddress()) {
                throw new IllegalArgumentException("--url must point at this machine (loopback), not " + host
                        + " (" + address.getHostAddress() + ")");
            }
        }
    }

    static List<Integer> levels(String value) {
        List<Integer> levels = new ArrayList<>();
        for (String part : value.split(",")) {
            levels.add((int) positive("--concurrency", Integer.parseInt(part.strip())));
        }
        return List.copyOf(levels);
    }

    static java.util.Set<RequestMix.Kind> kinds(String value) {
        java.util.Set<RequestMix.Kind> kinds = java.util.EnumSet.noneOf(RequestMix.Kind.class);
        for (String part : value.split(",")) {
            kinds.add(RequestMix.kind(part));
        }
        return kinds;
    }

    /** 30s, 2m, 500ms or plain seconds. */
    static Duration duration(String value) {
        String v = value.strip().toLowerCase(java.util.Locale.ROOT);
        if (v.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
        }
        if (v.endsWith("s")) {
            return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
        }
        if (v.endsWith("m")) {
            return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
        }
        return Duration.ofSeconds(Long.parseLong(v));
    }

    private static long positive(String name, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1");
        }
        return value;
    }
}
