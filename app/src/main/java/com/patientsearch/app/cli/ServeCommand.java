package com.patientsearch.app.cli;

import picocli.CommandLine.Command;

/** Listed for --help; Application.main handles "serve" itself because the server needs a non-CLI context. */
@Command(name = "serve", description = "Start the HTTP service (the default). On an empty embedded database, seeds demo data first.")
class ServeCommand implements Runnable {

    @Override
    public void run() {
        throw new IllegalStateException("serve is started by Application.main");
    }
}
