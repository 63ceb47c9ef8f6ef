package com.patientsearch.search.common;

/** The write is based on stale data (an older version) or breaks a rule of the current state; 409 problem+json. */
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}
