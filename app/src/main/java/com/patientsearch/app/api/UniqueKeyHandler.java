package com.patientsearch.app.api;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.hibernate.exception.ConstraintViolationException;

/**
 * A constraint hit by a concurrent write (the services pre-check the usual case, e.g. a taken mrn) is a 409: the
 * request was valid, the state changed under it.
 */
@Produces
@Singleton
class UniqueKeyHandler implements ExceptionHandler<ConstraintViolationException, HttpResponse<?>> {

    @Override
    public HttpResponse<?> handle(HttpRequest request, ConstraintViolationException exception) {
        String detail = "patient_clinic_mrn_uk".equals(exception.getConstraintName())
                ? "mrn: another patient of this clinic has this medical record number"
                : "the write conflicts with data written meanwhile";
        return Problems.of(HttpStatus.CONFLICT, "conflict", "Conflict", detail);
    }
}
