package com.patientsearch.search.common;

import com.patientsearch.domain.clinic.Clinic;

import java.util.regex.Pattern;

/** A clinic code given as a parameter: {@link Clinic#CODE_PATTERN}, or a 400 naming the field. */
public final class ClinicCodes {

    private static final Pattern CODE = Pattern.compile(Clinic.CODE_PATTERN);

    private ClinicCodes() {
    }

    /** @param value as sent, surrounding blanks ignored */
    public static String parse(String field, String value) {
        String code = value.strip();
        if (!CODE.matcher(code).matches()) {
            throw new InvalidParameterException(field, "is not a clinic code");
        }
        return code;
    }
}
