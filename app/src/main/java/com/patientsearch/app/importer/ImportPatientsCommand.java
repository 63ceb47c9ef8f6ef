package com.patientsearch.app.importer;

import jakarta.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "patients", mixinStandardHelpOptions = true,
        description = {"Upserts patients by clinic_code + mrn from a CSV file with the header (any order):",
                "clinic_code,mrn,first_name,middle_name,last_name,date_of_birth,gender,status,phone,email,"
                        + "street,city,state,postal_code,country",
                "gender: female|male|other|unknown (blank: unknown); status: active|inactive|deceased|merged "
                        + "(blank: active); date_of_birth: YYYY-MM-DD.",
                "A re-imported patient's contact and address are replaced by the file's. Bad rows are listed by "
                        + "line and skipped."})
class ImportPatientsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE.csv")
    Path file;

    @Option(names = "--no-progress", description = "Do not draw a progress bar.")
    boolean noProgress;

    private final PatientImporter importer;

    @Inject
    ImportPatientsCommand(PatientImporter importer) {
        this.importer = importer;
    }

    @Override
    public Integer call() {
        return ImportRun.run(file, spec.commandLine().getOut(), spec.commandLine().getErr(),
                rejections -> importer.importFile(file, rejections, !noProgress));
    }
}
