package com.patientsearch.persistence.audit;

/**
 * An audit event could not be written (the queue was full or closed and the direct write failed). The request that
 * caused it must not return patient data unaudited: the API answers 503.
 */
public class AuditUnavailableException extends RuntimeException {

    public AuditUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
