package com.patientsearch.domain.patient;

import com.patientsearch.domain.common.CodedEnum;
import com.patientsearch.domain.common.CodedEnumConverter;

public enum ContactKind implements CodedEnum {
    MOBILE, HOME, WORK;

    public static ContactKind fromCode(String code) {
        return CodedEnum.fromCode(ContactKind.class, code);
    }

    @jakarta.persistence.Converter
    public static class Converter extends CodedEnumConverter<ContactKind> {
        public Converter() {
            super(ContactKind.class);
        }
    }
}
