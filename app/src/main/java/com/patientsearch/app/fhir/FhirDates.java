package com.patientsearch.app.fhir;

import com.patientsearch.search.common.InvalidParameterException;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * FHIR date search values ({@code [eq|ge|le|gt|lt]YYYY[-MM[-DD]]}) as one inclusive range of days: a partial date
 * is the range of days it covers, and several values (birthdate=ge1980&birthdate=lt1990) intersect.
 */
record FhirDates(LocalDate from, LocalDate to) {

    private static final Pattern VALUE = Pattern.compile("(eq|ge|le|gt|lt)?(\\d{4})(?:-(\\d{2})(?:-(\\d{2}))?)?");
    static final LocalDate MIN = LocalDate.of(1, 1, 1);
    static final LocalDate MAX = LocalDate.of(9999, 12, 31);

    static FhirDates parse(String field, List<String> values) {
        LocalDate from = MIN;
        LocalDate to = MAX;
        for (String raw : values) {
            Matcher m = VALUE.matcher(raw.strip());
            if (!m.matches()) {
                throw new InvalidParameterException(field,
                        "must be [eq|ge|le|gt|lt]YYYY, YYYY-MM or YYYY-MM-DD (other prefixes and times are not supported)");
            }
            LocalDate start;
            LocalDate end;
            try {
                int year = Integer.parseInt(m.group(2));
                if (m.group(3) == null) {
                    start = LocalDate.of(year, 1, 1);
                    end = LocalDate.of(year, 12, 31);
                } else if (m.group(4) == null) {
                    YearMonth month = YearMonth.of(year, Integer.parseInt(m.group(3)));
                    start = month.atDay(1);
                    end = month.atEndOfMonth();
                } else {
                    start = LocalDate.parse(m.group(2) + "-" + m.group(3) + "-" + m.group(4));
                    end = start;
                }
            } catch (java.time.DateTimeException e) {
                throw new InvalidParameterException(field, "holds a date that does not exist");
            }
            String prefix = m.group(1) == null ? "eq" : m.group(1);
            switch (prefix) {
                case "eq" -> { from = max(from, start); to = min(to, end); }
                case "ge" -> from = max(from, start);
                case "gt" -> from = max(from, end.plusDays(1));
                case "le" -> to = min(to, end);
                case "lt" -> to = min(to, start.minusDays(1));
                default -> throw new IllegalStateException(prefix);
            }
        }
        return new FhirDates(from, to);
    }

    boolean empty() {
        return from.isAfter(to);
    }

    private static LocalDate max(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }
}
