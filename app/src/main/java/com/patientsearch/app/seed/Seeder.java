package com.patientsearch.app.seed;

import com.patientsearch.app.bulk.AfterLoad;
import com.patientsearch.app.bulk.ChunkPipeline;
import com.patientsearch.app.bulk.PgCopy;
import com.patientsearch.persistence.cache.CacheEviction;
import com.patientsearch.persistence.datasource.JdbcTransaction;
import io.micronaut.context.BeanProvider;
import com.patientsearch.app.bulk.Progress;
import com.patientsearch.search.patient.PatientIndexer;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Appends generated clinics, providers, patients, contacts, addresses and appointments to the database. Patients
 * are generated on a producer thread and streamed with COPY chunk by chunk (patients with their contacts and
 * addresses in one transaction, their appointments in a second one on another connection), so memory stays flat at
 * any scale; whatever indexes and triggers the schema has are maintained by PostgreSQL as rows arrive. A failure
 * leaves the chunks committed before it in place: seeding appends, it does not replace.
 */
@Singleton
class Seeder {

    static final String COPY_PATIENT = "COPY patient (id, clinic_id, mrn, first_name, middle_name, last_name, "
            + "date_of_birth, gender, status, merged_into_id, created_at, updated_at) FROM STDIN";
    static final String COPY_CONTACT = "COPY contact_info (patient_id, kind, phone, email, is_primary) FROM STDIN";
    static final String COPY_ADDRESS = "COPY address (patient_id, street, city, region, postal_code, country) FROM STDIN";
    static final String COPY_APPOINTMENT = "COPY appointment (patient_id, provider_id, clinic_id, starts_at, ends_at, "
            + "status, reason) FROM STDIN";

    private final PgCopy db;
    private final PatientIndexer indexer;
    private final BeanProvider<CacheEviction> cache;

    Seeder(PgCopy db, PatientIndexer indexer, BeanProvider<CacheEviction> cache) {
        this.db = db;
        this.indexer = indexer;
        this.cache = cache;
    }

    SeedReport seed(SeedOptions options, boolean showProgress) throws Exception {
        long started = System.nanoTime();
        SeedPools pools = SeedPools.get();
        SplittableRandom random = new SplittableRandom(options.seed());
        Map<String, Long> rows = new LinkedHashMap<>();
        ExecutorService appointmentWriter = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "seed-appointments");
            thread.setDaemon(true);
            return thread;
        });
        try (Connection connection = db.connection(); Connection appointmentConnection = db.connection()) {
            double[] weights = clinicWeights(options.clinics());
            List<ClinicSite> clinics = clinics(connection, random, options, weights, rows);
            long firstId = options.patients() > 0 ? IdBlock.reserve(connection, "patient", options.patients()) : 0;
            PatientGenerator generator = new PatientGenerator(pools, random, clinics, weights, firstId,
                    options.patients(), options.asOf(), options.now());
            long[] counts = new long[4];
            // Appointments are most of the rows: a second connection copies them while the next chunk's patients
            // go in, once their patients are committed. One thread, so appointment ids keep their order.
            ArrayDeque<Future<?>> pending = new ArrayDeque<>();
            try (Progress progress = showProgress
                    ? Progress.bar("Seeding", options.patients(), " patients", 1) : Progress.NONE) {
                ChunkPipeline.run("seed-generator", 2, generator::next, chunk -> {
                    write(connection, chunk, COPY_PATIENT, COPY_CONTACT, COPY_ADDRESS);
                    pending.add(appointmentWriter.submit(() -> {
                        write(appointmentConnection, chunk, COPY_APPOINTMENT);
                        return null;
                    }));
                    while (pending.size() > 2) {
                        pending.poll().get();
                    }
                    counts[0] += chunk.patients();
                    counts[1] += chunk.contacts();
                    counts[2] += chunk.addresses();
                    counts[3] += chunk.appointments();
                    progress.stepTo(counts[0]);
                });
                while (!pending.isEmpty()) {
                    pending.poll().get();
                }
            } finally {
                // on failure, let a running appointment COPY end before its connection closes
                appointmentWriter.shutdownNow();
                appointmentWriter.awaitTermination(1, TimeUnit.MINUTES);
            }
            rows.put("patient", counts[0]);
            rows.put("contact_info", counts[1]);
            rows.put("address", counts[2]);
            rows.put("appointment", counts[3]);
            AfterLoad.refresh(connection, "clinic, provider, patient, contact_info, address, appointment");
        }
        // Seeding appends patients no cache holds yet, but clinics and providers it adds change the cached lists.
        cache.ifPresent(CacheEviction::referenceData);
        if (indexer.enabled()) {
            // COPY bypassed Hibernate: a full load is indexed whole
            try (Progress progress = showProgress
                    ? Progress.bar("Indexing", indexer.patients(), " patients", 1) : Progress.NONE) {
                indexer.reindexAll(progress::stepTo);
            }
        }
        return new SeedReport(rows, Duration.ofNanos(System.nanoTime() - started));
    }

    /** Bigger and smaller clinics: the first ones get more patients. */
    private static double[] clinicWeights(int clinics) {
        double[] weights = new double[clinics];
        for (int i = 0; i < clinics; i++) {
            weights[i] = 1 / Math.sqrt(i + 1);
        }
        return weights;
    }

    private List<ClinicSite> clinics(Connection connection, SplittableRandom random, SeedOptions options,
                                     double[] weights, Map<String, Long> rows) throws SQLException {
        double weightSum = java.util.Arrays.stream(weights).sum();
        int[] providerCounts = new int[weights.length];
        long providerTotal = 0;
        for (int i = 0; i < weights.length; i++) {
            double expectedPatients = options.patients() * weights[i] / weightSum;
            providerCounts[i] = (int) Math.max(3, Math.min(60, Math.round(expectedPatients / 1_500)));
            providerTotal += providerCounts[i];
        }
        long firstClinic = IdBlock.reserve(connection, "clinic", weights.length);
        long firstProvider = IdBlock.reserve(connection, "provider", providerTotal);
        List<ClinicSite> clinics = new ArrayList<>();
        JdbcTransaction.execute(connection, c -> insertClinics(c, random, weights, providerCounts, firstClinic,
                firstProvider, clinics));
        rows.put("clinic", (long) clinics.size());
        rows.put("provider", providerTotal);
        return clinics;
    }

    private static void insertClinics(Connection connection, SplittableRandom random, double[] weights,
                                      int[] providerCounts, long firstClinic, long firstProvider,
                                      List<ClinicSite> clinics) throws SQLException {
        long providerId = firstProvider;
        try (PreparedStatement clinic = connection.prepareStatement(
                "INSERT INTO clinic (id, code, name, time_zone) VALUES (?, ?, ?, ?)");
             PreparedStatement provider = connection.prepareStatement(
                     "INSERT INTO provider (id, clinic_id, first_name, last_name, specialty) VALUES (?, ?, ?, ?, ?)")) {
            SeedPools pools = SeedPools.get();
            for (int i = 0; i < weights.length; i++) {
                String[] city = ClinicSite.CITIES[i % ClinicSite.CITIES.length];
                String name = city[0] + " " + ClinicSite.KINDS[random.nextInt(ClinicSite.KINDS.length)]
                        + (i >= ClinicSite.CITIES.length ? " " + (i / ClinicSite.CITIES.length + 1) : "");
                long id = firstClinic + i;
                String code = "CL" + pad(id, 4);
                LocalTime opens = LocalTime.of(7 + random.nextInt(3), 0);
                LocalTime closes = LocalTime.of(16 + random.nextInt(4), 0);
                boolean saturdays = random.nextInt(10) < 3;
                long[] providers = new long[providerCounts[i]];
                for (int p = 0; p < providers.length; p++) {
                    providers[p] = providerId++;
                    boolean female = random.nextBoolean();
                    provider.setLong(1, providers[p]);
                    provider.setLong(2, id);
                    provider.setString(3, female ? pools.female.draw(random) : pools.male.draw(random));
                    provider.setString(4, pools.surnames.draw(random));
                    provider.setString(5, ClinicSite.SPECIALTIES[random.nextInt(ClinicSite.SPECIALTIES.length)]);
                    provider.addBatch();
                }
                clinic.setLong(1, id);
                clinic.setString(2, code);
                clinic.setString(3, name);
                clinic.setString(4, city[2]);
                clinic.addBatch();
                clinics.add(new ClinicSite(id, code, name, city[0], city[1], ZoneId.of(city[2]), opens, closes,
                        saturdays, providers));
            }
            clinic.executeBatch();
            provider.executeBatch();
        }
    }

    private static void write(Connection connection, SeedChunk chunk, String... copies) throws SQLException {
        JdbcTransaction.execute(connection, c -> {
            try (Statement settings = c.createStatement()) {
                // Seed data can be regenerated: do not wait for each commit's WAL flush.
                settings.execute("SET LOCAL synchronous_commit = off");
                settings.execute("SET LOCAL statement_timeout = 0");
            }
            for (String copy : copies) {
                PgCopy.copyIn(c, copy, rowsFor(chunk, copy));
            }
        });
    }

    private static byte[] rowsFor(SeedChunk chunk, String copy) {
        return switch (copy) {
            case COPY_PATIENT -> chunk.patientRows();
            case COPY_CONTACT -> chunk.contactRows();
            case COPY_ADDRESS -> chunk.addressRows();
            case COPY_APPOINTMENT -> chunk.appointmentRows();
            default -> throw new IllegalArgumentException(copy);
        };
    }


    private static String pad(long value, int width) {
        String digits = Long.toString(value);
        return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
    }
}
