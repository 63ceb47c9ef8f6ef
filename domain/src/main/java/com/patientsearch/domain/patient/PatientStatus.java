package com.patientsearch.domain.patient;

import com.patientsearch.domain.common.CodedEnum;
import com.patientsearch.domain.common.CodedEnumConverter;

public enum PatientStatus implements CodedEnum {
    ACTIVE, INACTIVE, DECEASED,
    /** Folded into another patient record (the survivor); hidden from search by default. */
    MERGED;

    public static PatientStatus fromCode(String code) {
        return CodedEnum.fromCode(PatientStatus.class, code);
    }

    @jakarta.persistence.Converter
    public static class Converter extends CodedEnumConverter<PatientStatus> {
        public Converter() {
            super(PatientStatus.class);
        }
    }
}
