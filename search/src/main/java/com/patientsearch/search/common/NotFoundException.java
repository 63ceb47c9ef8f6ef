package com.patientsearch.search.common;

/** The thing asked for does not exist (or is not visible to the caller); the API answers 404 problem+json. */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String what, Object id) {
        super(what + " " + id + " was not found");
    }
}
