package com.patientsearch.domain.common;

import java.util.Locale;

/**
 * An enum stored and exchanged as its lower-case code ("checked_in"), the form used in the database CHECK
 * constraints, the CSV import and the HTTP API.
 */
public interface CodedEnum {

    String name();

    default String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The constant whose code is {@code code}, ignoring case; {@code IllegalArgumentException} names the allowed codes. */
    static <E extends Enum<E> & CodedEnum> E fromCode(Class<E> type, String code) {
        if (code != null) {
            String wanted = code.trim();
            for (E constant : type.getEnumConstants()) {
                if (constant.code().equalsIgnoreCase(wanted)) {
                    return constant;
                }
            }
        }
        throw new IllegalArgumentException("must be one of " + codes(type));
    }

    static <E extends Enum<E> & CodedEnum> String codes(Class<E> type) {
        StringBuilder out = new StringBuilder();
        for (E constant : type.getEnumConstants()) {
            if (!out.isEmpty()) {
                out.append('|');
            }
            out.append(constant.code());
        }
        return out.toString();
    }
}
