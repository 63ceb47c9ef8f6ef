package com.patientsearch.search.appointment;

import com.patientsearch.domain.appointment.AppointmentStatus;
import com.patientsearch.domain.common.CodedEnum;
import com.patientsearch.search.common.ClinicCodes;
import com.patientsearch.search.common.InvalidParameterException;
import com.patientsearch.search.common.PageSize;
import com.patientsearch.search.common.PositiveIds;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A validated appointment search, in one of four modes: a patient's timeline (newest first, optionally within days),
 * a provider's days (one day, or from/to of at most 366 days; earliest first), a clinic's date range (earliest
 * first), or a full-text search of the reasons ({@code text}, best match first), which any of patient, provider,
 * clinic and a date range narrow (best match first, or newest first with {@code sort=recent}). Days are the clinic's (the patient's, the provider's or the named one).
 *
 * @param from first day, inclusive, or null (no lower bound: a patient's timeline, a text search)
 * @param to   last day, inclusive, or null (no upper bound)
 * @param text   the full-text query as typed (websearch syntax), or null; 0 / null for the filters a text search omits
 * @param recent a text search newest first instead of best match first
 */
record AppointmentQuery(Mode mode, long patientId, long providerId, String clinicCode, LocalDate from, LocalDate to,
                        Set<AppointmentStatus> statuses, int limit, String cursor, String text, boolean recent) {

    enum Mode { PATIENT, PROVIDER_RANGE, CLINIC_RANGE, TEXT }

    /** The orders of a text search ({@code sort=}); the first is the default. */
    static final List<String> TEXT_SORTS = List.of("relevance", "recent");

    static final int MAX_RANGE_DAYS = 366;
    static final int MAX_TEXT_LENGTH = 200;
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;

    static AppointmentQuery parse(AppointmentSearchParams p) {
        Set<AppointmentStatus> statuses = EnumSet.allOf(AppointmentStatus.class);
        if (present(p.status())) {
            statuses = EnumSet.noneOf(AppointmentStatus.class);
            for (String code : p.status().split(",")) {
                try {
                    statuses.add(CodedEnum.fromCode(AppointmentStatus.class, code));
                } catch (IllegalArgumentException e) {
                    throw new InvalidParameterException("status", "must be one or more of " + CodedEnum.codes(AppointmentStatus.class));
                }
            }
        }
        int limit = PageSize.parse("limit", present(p.limit()) ? p.limit() : null, DEFAULT_LIMIT, MAX_LIMIT);
        String cursor = present(p.cursor()) ? p.cursor().strip() : null;
        if (present(p.text())) {
            return text(p, statuses, limit, cursor);
        }
        if (present(p.sort())) {
            throw new InvalidParameterException("sort", "orders a text search only; give text");
        }

        int modes = (present(p.patient()) ? 1 : 0) + (present(p.provider()) ? 1 : 0) + (present(p.clinic()) ? 1 : 0);
        if (modes != 1) {
            throw new InvalidParameterException(modes == 0 ? "patient" : "clinic",
                    "give exactly one of patient, provider (with date, or from and to) or clinic (with from and to)");
        }
        if (present(p.patient())) {
            LocalDate[] days = days(p, false);
            return new AppointmentQuery(Mode.PATIENT, PositiveIds.parse("patient", p.patient().strip()), 0, null, days[0], days[1],
                    statuses, limit, cursor, null, false);
        }
        if (present(p.provider())) {
            if (!present(p.date()) && !present(p.from()) && !present(p.to())) {
                throw new InvalidParameterException("date", "is required with provider (or from and to)");
            }
            LocalDate[] days = days(p, true);
            if (days[0] == null || days[1] == null) {
                throw new InvalidParameterException(days[0] == null ? "from" : "to", "is required with provider");
            }
            return new AppointmentQuery(Mode.PROVIDER_RANGE, 0, PositiveIds.parse("provider", p.provider().strip()), null,
                    days[0], days[1], statuses, limit, cursor, null, false);
        }
        String clinic = ClinicCodes.parse("clinic", p.clinic());
        if (!present(p.from()) || !present(p.to())) {
            throw new InvalidParameterException(present(p.from()) ? "to" : "from", "is required with clinic");
        }
        LocalDate[] days = days(p, true);
        return new AppointmentQuery(Mode.CLINIC_RANGE, 0, 0, clinic, days[0], days[1], statuses, limit, cursor, null, false);
    }

    /**
     * Text search: every other filter is optional and they combine (AND). Days are cut in the clinic's time zone, the
     * provider's clinic's without a clinic, UTC with neither; {@code date} is a one-day range.
     */
    private static AppointmentQuery text(AppointmentSearchParams p, Set<AppointmentStatus> statuses, int limit, String cursor) {
        String text = p.text().strip();
        if (text.length() > MAX_TEXT_LENGTH) {
            throw new InvalidParameterException("text", "must be at most " + MAX_TEXT_LENGTH + " characters");
        }
        long patient = present(p.patient()) ? PositiveIds.parse("patient", p.patient().strip()) : 0;
        long provider = present(p.provider()) ? PositiveIds.parse("provider", p.provider().strip()) : 0;
        String clinic = present(p.clinic()) ? ClinicCodes.parse("clinic", p.clinic()) : null;
        LocalDate[] days = days(p, false);
        boolean recent = false;
        if (present(p.sort())) {
            String sort = p.sort().strip();
            if (!TEXT_SORTS.contains(sort)) {
                throw new InvalidParameterException("sort", "must be one of " + String.join(", ", TEXT_SORTS));
            }
            recent = sort.equals("recent");
        }
        return new AppointmentQuery(Mode.TEXT, patient, provider, clinic, days[0], days[1], statuses, limit, cursor, text, recent);
    }

    /** Changes whenever the matched set or its order would; the limit may vary between pages. */
    String fingerprint() {
        Set<String> codes = new TreeSet<>();
        statuses.forEach(s -> codes.add(s.code()));
        return String.join("|", "a1", mode.name(), String.valueOf(patientId), String.valueOf(providerId),
                String.valueOf(clinicCode), String.valueOf(from), String.valueOf(to), String.join(",", codes),
                String.valueOf(text)) + (recent ? "|recent" : "");
    }

    /**
     * {@code date} (one day) or {@code from}/{@code to} (inclusive days), not both: [from, to], each null if not given.
     *
     * @param schedule a provider's or a clinic's schedule: at most {@link #MAX_RANGE_DAYS} days
     */
    private static LocalDate[] days(AppointmentSearchParams p, boolean schedule) {
        if (present(p.date())) {
            if (present(p.from()) || present(p.to())) {
                throw new InvalidParameterException("date", "give date or from/to, not both");
            }
            LocalDate day = date("date", p.date());
            return new LocalDate[] {day, day};
        }
        LocalDate from = present(p.from()) ? date("from", p.from()) : null;
        LocalDate to = present(p.to()) ? date("to", p.to()) : null;
        if (from != null && to != null && to.isBefore(from)) {
            throw new InvalidParameterException("to", "is before from");
        }
        if (schedule && from != null && to != null && ChronoUnit.DAYS.between(from, to) >= MAX_RANGE_DAYS) {
            throw new InvalidParameterException("to", "the range may span at most " + MAX_RANGE_DAYS + " days");
        }
        return new LocalDate[] {from, to};
    }

    private static LocalDate date(String field, String value) {
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidParameterException(field, "must be a date as YYYY-MM-DD");
        }
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
