package com.patientsearch.domain.patient;

import com.patientsearch.domain.common.CodedEnum;
import com.patientsearch.domain.common.CodedEnumConverter;

public enum Gender implements CodedEnum {
    FEMALE, MALE, OTHER, UNKNOWN;

    public static Gender fromCode(String code) {
        return CodedEnum.fromCode(Gender.class, code);
    }

    @jakarta.persistence.Converter
    public static class Converter extends CodedEnumConverter<Gender> {
        public Converter() {
            super(Gender.class);
        }
    }
}
