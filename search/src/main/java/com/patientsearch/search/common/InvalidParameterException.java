package com.patientsearch.search.common;

/** A request parameter (or body field) that cannot be used; the API answers 400 problem+json naming it. */
public class InvalidParameterException extends RuntimeException {

    private final String field;
    private final String reason;

    public InvalidParameterException(String field, String reason) {
        super(field + ": " + reason);
        this.field = field;
        this.reason = reason;
    }

    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }
}
