package com.patientsearch.search.common;

import com.patientsearch.domain.common.CodedEnum;

/** A coded value given as text (gender, status, sort, contact kind): one of the enum's codes, or a 400 listing them. */
public final class Codes {

    private Codes() {
    }

    public static <E extends Enum<E> & CodedEnum> E parse(String field, Class<E> type, String value) {
        try {
            return CodedEnum.fromCode(type, value);
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException(field, "must be one of " + CodedEnum.codes(type));
        }
    }
}
