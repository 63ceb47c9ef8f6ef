package com.patientsearch.app.seed;

import jakarta.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;

@Command(name = "seed", mixinStandardHelpOptions = true,
        description = {"Appends generated clinics, providers, patients (with contacts and addresses) and appointments.",
                "The same --seed on the same --as-of day generates the same data."})
public class SeedCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--patients", required = true, description = "How many patients to generate.")
    long patients;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--clinics", description = "How many clinics (default: one per 20,000 patients, 3 to 50).")
    Integer clinics;

    @Option(names = "--as-of", description = "The day dates of birth and appointments are relative to (default: today, UTC).")
    LocalDate asOf;

    @Option(names = "--no-progress", description = "Do not draw a progress bar.")
    boolean noProgress;

    private final Seeder seeder;

    @Inject
    SeedCommand(Seeder seeder) {
        this.seeder = seeder;
    }

    @Override
    public Integer call() throws Exception {
        if (patients < 0 || (clinics != null && clinics < 1)) {
            spec.commandLine().getErr().println("--patients must be 0 or more and --clinics 1 or more");
            return 2;
        }
        Instant now = Instant.now();
        SeedOptions options = new SeedOptions(patients, seed,
                clinics != null ? clinics : SeedOptions.defaultClinics(patients),
                asOf != null ? asOf : LocalDate.ofInstant(now, ZoneOffset.UTC), now);
        SeedReport report = seeder.seed(options, !noProgress);
        spec.commandLine().getOut().print(report.summary());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
