package com.patientsearch.app.serve;

import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

/** Test-only: which thread runs a plain (blocking-typed) controller method, as every API controller is. */
@Secured(SecurityRule.IS_ANONYMOUS) // a test probe: no patient data
@Controller("/test-threads")
@Requires(property = "test.thread-probe", value = "true")
class ThreadProbeController {

    @Get(produces = "text/plain")
    String current() {
        return Thread.currentThread().getName();
    }
}
