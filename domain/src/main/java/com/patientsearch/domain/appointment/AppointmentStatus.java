package com.patientsearch.domain.appointment;

import com.patientsearch.domain.common.CodedEnum;
import com.patientsearch.domain.common.CodedEnumConverter;

import java.util.EnumSet;
import java.util.Set;

public enum AppointmentStatus implements CodedEnum {
    SCHEDULED, CONFIRMED, CHECKED_IN, COMPLETED, CANCELLED, NO_SHOW;

    /** Appointments still ahead of the front desk; the partial indexes on appointment use this set. */
    public static final Set<AppointmentStatus> OPEN = EnumSet.of(SCHEDULED, CONFIRMED, CHECKED_IN);

    public static AppointmentStatus fromCode(String code) {
        return CodedEnum.fromCode(AppointmentStatus.class, code);
    }

    @jakarta.persistence.Converter
    public static class Converter extends CodedEnumConverter<AppointmentStatus> {
        public Converter() {
            super(AppointmentStatus.class);
        }
    }
}
