package com.patientsearch.app.security;

import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.authentication.AuthorizationException;

/** An authenticated caller whose token names no clinic: forbidden on patient data (403). */
public class NoClinicsException extends AuthorizationException {

    public NoClinicsException(Authentication authentication) {
        super(authentication);
    }
}
