package com.patientsearch.app.cli;

import com.patientsearch.app.importer.ImportCommand;
import com.patientsearch.app.seed.SeedCommand;
import picocli.CommandLine.Command;

@Command(name = "patient-search",
        description = "Patient and appointment search on PostgreSQL. With no command, or 'serve', starts the HTTP service.",
        mixinStandardHelpOptions = true,
        subcommands = {ServeCommand.class, SeedCommand.class, ImportCommand.class, MaintenanceCommand.class, TokenCommand.class,
                ReindexCommand.class})
public class PatientSearchCommand implements Runnable {

    @Override
    public void run() {
        // No subcommand given through picocli: Application.main starts the server in that case.
    }
}
