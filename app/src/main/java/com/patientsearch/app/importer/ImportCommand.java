package com.patientsearch.app.importer;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Loads clinics or patients from a CSV file. Exit code 0: all rows imported; 1: some rows were "
                + "rejected (each listed by line); 2: the file could not be read.",
        subcommands = {ImportClinicsCommand.class, ImportPatientsCommand.class})
public class ImportCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Say what to import: clinics or patients");
    }
}
