package com.patientsearch.perf.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.patientsearch.perf.BenchSuite;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * HTTP load test against a running patient-search on this machine: closed-loop workers (each sends its next request
 * when the last one answered) at each concurrency level, a warm-up first, every level bounded by time and by a
 * request count. Records end-to-end latency per request (HdrHistogram), the database time the service reports for
 * that same request ({@code Server-Timing: db}), outcomes by status, and the connection pool as /metrics shows it
 * during the level. Writes {@code load-summary.md} and {@code load-result.json} into {@code --out}.
 *
 * <p>The generator shares the machine with the service and PostgreSQL (loopback only, by design), so at high
 * concurrency it competes with them for CPU: its end-to-end figures include that.
 */
public final class LoadTest {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final LoadOptions options;
    private final HttpClient client;

    LoadTest(LoadOptions options) {
        this.options = options;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    public static void main(String[] args) throws Exception {
        LoadOptions options;
        try {
            options = LoadOptions.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(LoadOptions.USAGE);
            System.exit(2);
            return;
        }
        new LoadTest(options).run();
    }

    void run() throws Exception {
        Instant started = Instant.now();
        List<RequestMix.Sample> samples = sample();
        RequestMix mix = new RequestMix(samples, options.kinds());
        System.out.printf("sampled %d patients from %s%n", samples.size(), options.url());
        List<LevelResult> results = new ArrayList<>();
        Map<Integer, Recorder> mergedByLevel = new LinkedHashMap<>();
        for (int repeat = 1; repeat <= options.repeats(); repeat++) {
            for (int level : options.concurrency()) {
                LevelResult result = level(mix, repeat, level, mergedByLevel.computeIfAbsent(level, l -> new Recorder()));
                results.add(result);
                System.out.printf("repeat %d, concurrency %d: %d requests, %.0f req/s, p50 %.1f ms, p99 %.1f ms, "
                                + "HTTP-over-db p50 %.2f ms, service CPU %.2f ms/request, errors %d, load %.2f%n",
                        repeat, level, result.requests(), result.throughput(), result.endToEnd()[0], result.endToEnd()[2],
                        result.overhead()[0], result.serviceCpuMs(), result.errors(), result.loadAfter());
            }
        }
        List<String> header = List.of(
                "target " + options.url() + ", started " + started + ", " + Runtime.getRuntime().availableProcessors()
                        + " CPUs shared by the generator, the service and PostgreSQL",
                "closed loop, concurrency " + LoadReport.levels(options.concurrency()) + ", " + options.warmup().toSeconds()
                        + " s warm-up then " + options.duration().toSeconds() + " s (at most " + options.maxRequests()
                        + " requests) per level, " + options.repeats() + " repeat(s)",
                "mix: " + mixLine(mix) + "; inputs from " + samples.size() + " patients sampled through the API (seed "
                        + options.seed() + ")",
                "db = the service's Server-Timing: db (SQL execution time of that request, measured at the JDBC driver);"
                        + " HTTP-over-db = end-to-end minus db, per request",
                "CPU per request: user + system time of the service's process" + pid(options.servicePid())
                        + " and of PostgreSQL (postmaster and backends" + pid(options.postgresPid())
                        + ") during the level over its requests, from /proc");
        String markdown = LoadReport.markdown(options, header, results, mergedByLevel);
        Files.createDirectories(options.out());
        Files.writeString(options.out().resolve("load-summary.md"), markdown);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("header", header);
        json.put("levels", results);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(options.out().resolve("load-result.json").toFile(), json);
        System.out.println(markdown);
    }

    private static String mixLine(RequestMix mix) {
        int total = mix.kinds().stream().mapToInt(k -> k.weight).sum();
        List<String> parts = new ArrayList<>();
        for (RequestMix.Kind kind : mix.kinds()) {
            parts.add(kind.label + " " + Math.round(kind.weight * 100.0 / total) + "%");
        }
        return String.join(", ", parts);
    }

    private static String pid(Long pid) {
        return pid == null ? ", not given" : " " + pid;
    }

    /** Patients drawn at random ids through the API itself, with what the mix needs from each record. */
    List<RequestMix.Sample> sample() throws IOException, InterruptedException {
        Random random = new Random(options.seed());
        ObjectMapper mapper = new ObjectMapper();
        List<RequestMix.Sample> samples = new ArrayList<>();
        int attempts = 0;
        while (samples.size() < options.patients() && attempts++ < options.patients() * 5) {
            long id = 1 + (long) (random.nextDouble() * options.idRange());
            HttpResponse<String> response = client.send(request("/api/v1/patients/" + id), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 401 || response.statusCode() == 403) {
                throw new IllegalStateException("the service answered " + response.statusCode()
                        + ": give a token with --token or PATIENT_SEARCH_TOKEN");
            }
            if (response.statusCode() != 200) {
                continue;
            }
            samples.add(sample(mapper.readTree(response.body())));
        }
        if (samples.isEmpty()) {
            throw new IllegalStateException("no patient found at ids 1.." + options.idRange() + ": is the database seeded?");
        }
        return samples;
    }

    static RequestMix.Sample sample(JsonNode record) {
        String digits = null;
        for (JsonNode contact : record.path("contacts")) {
            String phone = contact.path("phone").asText(null);
            if (phone != null && phone.replaceAll("[^0-9]", "").length() >= 10) {
                digits = phone.replaceAll("[^0-9]", "");
                break;
            }
        }
        List<String[]> days = new ArrayList<>();
        for (String list : List.of("upcomingAppointments", "pastAppointments")) {
            for (JsonNode visit : record.path(list)) {
                days.add(new String[] {visit.path("providerId").asText(), visit.path("startsAt").asText().substring(0, 10)});
            }
        }
        return new RequestMix.Sample(record.path("id").asLong(), record.path("firstName").asText(),
                record.path("lastName").asText(), record.path("dateOfBirth").asText(), digits, days);
    }

    private LevelResult level(RequestMix mix, int repeat, int concurrency, Recorder merged) throws Exception {
        ExecutorService workers = Executors.newFixedThreadPool(concurrency);
        try {
            long warmupEnd = System.nanoTime() + options.warmup().toNanos();
            phase(workers, mix, concurrency, repeat, warmupEnd, new AtomicLong(Long.MAX_VALUE));
            PoolSampler sampler = new PoolSampler(client, options.url(), options.token(), Duration.ofMillis(250));
            Thread samplerThread = new Thread(sampler, "pool-sampler");
            double loadBefore = BenchSuite.loadAverage();
            samplerThread.start();
            ProcessCpu service = ProcessCpu.of(options.servicePid());
            ProcessCpu postgres = ProcessCpu.withChildren(options.postgresPid());
            OptionalLong serviceBefore = service.nanos();
            OptionalLong postgresBefore = postgres.nanos();
            long start = System.nanoTime();
            List<Recorder> recorders = phase(workers, mix, concurrency, repeat, start + options.duration().toNanos(),
                    new AtomicLong(options.maxRequests()));
            double seconds = (System.nanoTime() - start) / 1e9;
            double serviceCpu = delta(serviceBefore, service.nanos());
            double postgresCpu = delta(postgresBefore, postgres.nanos());
            samplerThread.interrupt();
            samplerThread.join();
            sampler.stop();
            Recorder level = new Recorder();
            recorders.forEach(level::add);
            merged.add(level);
            return LevelResult.of(repeat, concurrency, seconds, level, sampler.stats(), serviceCpu, postgresCpu, loadBefore,
                    BenchSuite.loadAverage());
        } finally {
            workers.shutdownNow();
        }
    }

    private static double delta(OptionalLong before, OptionalLong after) {
        return before.isPresent() && after.isPresent() ? after.getAsLong() - before.getAsLong() : Double.NaN;
    }

    /** Runs {@code concurrency} closed-loop workers until {@code endNanos} or until the request budget is spent. */
    private List<Recorder> phase(ExecutorService workers, RequestMix mix, int concurrency, int repeat, long endNanos,
                                 AtomicLong budget) throws Exception {
        List<Future<Recorder>> futures = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            Random random = new Random(options.seed() * 1_000_003L + repeat * 10_007L + concurrency * 101L + w);
            futures.add(workers.submit(() -> worker(mix, random, endNanos, budget)));
        }
        List<Recorder> recorders = new ArrayList<>();
        for (Future<Recorder> future : futures) {
            recorders.add(future.get());
        }
        return recorders;
    }

    private Recorder worker(RequestMix mix, Random random, long endNanos, AtomicLong budget) {
        Recorder recorder = new Recorder();
        while (System.nanoTime() < endNanos && budget.getAndDecrement() > 0) {
            RequestMix.Kind kind = mix.pick(random);
            HttpRequest request = request(mix.path(kind, random));
            long sent = System.nanoTime();
            try {
                HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
                long micros = (System.nanoTime() - sent) / 1000;
                recorder.record(kind, response.statusCode(), micros,
                        Recorder.dbMicros(response.headers().firstValue("Server-Timing").orElse(null)));
            } catch (IOException e) {
                recorder.failure(kind, e, (System.nanoTime() - sent) / 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return recorder;
    }

    private HttpRequest request(String pathAndQuery) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(options.url() + pathAndQuery))
                .timeout(REQUEST_TIMEOUT).header("Accept", "application/json").GET();
        if (options.token() != null) {
            builder.header("Authorization", "Bearer " + options.token());
        }
        return builder.build();
    }
}
