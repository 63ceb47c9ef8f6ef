package com.patientsearch.app.seed;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes the seed generator's patients as the import's CSV files ({@code clinics.csv}, {@code patients.csv}): the
 * census long tail of surnames, accented and compound names, phones, e-mails and addresses, deterministic per seed.
 * Used by the import equivalence test and, from the command line, to make the 1M-patient file of the import
 * benchmark ({@code docs/performance.md}).
 */
public final class PatientCsvFiles {

    private static final String[] HEADER = {"clinic_code", "mrn", "first_name", "middle_name", "last_name",
            "date_of_birth", "gender", "status", "phone", "email", "street", "city", "state", "postal_code", "country"};

    private PatientCsvFiles() {
    }

    /** {@code java ... PatientCsvFiles DIR PATIENTS [SEED]} */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        long patients = Long.parseLong(args[1]);
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 7;
        long started = System.nanoTime();
        write(dir, patients, seed, SeedOptions.defaultClinics(patients));
        System.out.printf("wrote %,d patients to %s in %.1f s%n", patients, dir, (System.nanoTime() - started) / 1e9);
    }

    /** Writes {@code dir/clinics.csv} and {@code dir/patients.csv}; returns the patients file. */
    public static Path write(Path dir, long patients, long seed, int clinicCount) throws IOException {
        Files.createDirectories(dir);
        SplittableRandom random = new SplittableRandom(seed);
        List<ClinicSite> clinics = new ArrayList<>();
        double[] weights = new double[clinicCount];
        try (CSVPrinter out = CSVFormat.DEFAULT.builder().setHeader("code", "name", "time_zone").build()
                .print(Files.newBufferedWriter(dir.resolve("clinics.csv"), StandardCharsets.UTF_8))) {
            for (int i = 0; i < clinicCount; i++) {
                String[] city = ClinicSite.CITIES[i % ClinicSite.CITIES.length];
                String code = String.format("IM%04d", i + 1);
                clinics.add(new ClinicSite(i + 1, code, city[0] + " Imported " + (i + 1), city[0], city[1],
                        ZoneId.of(city[2]), LocalTime.of(8, 0), LocalTime.of(17, 0), false, new long[]{1}));
                weights[i] = 1 / Math.sqrt(i + 1);
                out.printRecord(code, city[0] + " Imported " + (i + 1), city[2]);
            }
        }
        Instant now = Instant.parse("2026-11-29T12:00:00Z");
        PatientGenerator generator = new PatientGenerator(SeedPools.get(), random, clinics, weights, 1, patients,
                LocalDate.of(2026, 11, 29), now);
        Path file = dir.resolve("patients.csv");
        try (Writer writer = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16);
             CSVPrinter out = CSVFormat.DEFAULT.builder().setHeader(HEADER).build().print(writer)) {
            SeedChunk chunk;
            while ((chunk = generator.next()) != null) {
                // the generator speaks COPY text: join each patient with its primary contact and first address
                Map<String, String[]> contacts = new HashMap<>();
                for (String[] c : rows(chunk.contactRows())) {
                    if ("t".equals(c[4])) {
                        contacts.putIfAbsent(c[0], c);
                    }
                }
                Map<String, String[]> addresses = new HashMap<>();
                for (String[] a : rows(chunk.addressRows())) {
                    addresses.putIfAbsent(a[0], a);
                }
                for (String[] p : rows(chunk.patientRows())) {
                    String[] c = contacts.getOrDefault(p[0], new String[5]);
                    String[] a = addresses.getOrDefault(p[0], new String[6]);
                    // merged records point at a survivor the CSV cannot name: import them as inactive
                    String status = "merged".equals(p[8]) ? "inactive" : p[8];
                    out.printRecord(clinics.get(Integer.parseInt(p[1]) - 1).code(), p[2], p[3], p[4], p[5], p[6],
                            p[7], status, c[2], c[3], a[1], a[2], a[3], a[4], a[5]);
                }
            }
        }
        return file;
    }

    private static List<String[]> rows(byte[] copyText) {
        List<String[]> rows = new ArrayList<>();
        for (String line : new String(copyText, StandardCharsets.UTF_8).split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] fields = line.split("\t", -1);
            for (int i = 0; i < fields.length; i++) {
                fields[i] = "\\N".equals(fields[i]) ? null : fields[i].replace("\\\\", "\\");
            }
            rows.add(fields);
        }
        return rows;
    }
}
