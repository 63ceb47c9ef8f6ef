package com.patientsearch.app.importer;

import jakarta.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "clinics", mixinStandardHelpOptions = true,
        description = "Upserts clinics by code from a CSV file with the header code,name,time_zone (an IANA zone id).")
class ImportClinicsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE.csv")
    Path file;

    private final ClinicImporter importer;

    @Inject
    ImportClinicsCommand(ClinicImporter importer) {
        this.importer = importer;
    }

    @Override
    public Integer call() {
        return ImportRun.run(file, spec.commandLine().getOut(), spec.commandLine().getErr(), rejections -> importer.importFile(file, rejections));
    }
}
