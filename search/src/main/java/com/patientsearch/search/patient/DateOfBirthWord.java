package com.patientsearch.search.patient;

import com.patientsearch.domain.patient.Patient;
import com.patientsearch.search.common.InvalidParameterException;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A date of birth or a year typed among the name words of {@code q}, in the orders front desks type dates: year first
 * (1980-01-02, 1980/1/2), month first with slashes or dashes (1/2/1980, as in the US), day first with dots (2.1.1980,
 * as in much of Europe), or as eight digits (19800102, HL7's form). A two-digit year is the latest one that puts the
 * date in the past: 1/2/80 is 1980, 1/2/15 is 2015. A date in one of these forms that does not exist is refused, and
 * the error never repeats what was typed.
 */
record DateOfBirthWord(LocalDate from, LocalDate to) {

    private static final Pattern YEAR = Pattern.compile("(?:19|20)\\d{2}");
    private static final Pattern YEAR_FIRST = Pattern.compile("(\\d{4})([-/.])(\\d{1,2})\\2(\\d{1,2})");
    private static final Pattern MONTH_FIRST = Pattern.compile("(\\d{1,2})([/-])(\\d{1,2})\\2(\\d{4}|\\d{2})");
    private static final Pattern DAY_FIRST = Pattern.compile("(\\d{1,2})\\.(\\d{1,2})\\.(\\d{4}|\\d{2})");
    private static final Pattern EIGHT_DIGITS = Pattern.compile("((?:19|20)\\d{2})(\\d{2})(\\d{2})");

    /** The word as a range of birth dates; null for a word in none of the date forms (a name, a phone). */
    static DateOfBirthWord parse(String word) {
        return parse(word, LocalDate.now(ZoneOffset.UTC));
    }

    static DateOfBirthWord parse(String word, LocalDate today) {
        if (YEAR.matcher(word).matches()) {
            int year = Integer.parseInt(word);
            return new DateOfBirthWord(LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31));
        }
        Matcher m;
        LocalDate date;
        if ((m = YEAR_FIRST.matcher(word)).matches()) {
            date = date(m.group(1), m.group(3), m.group(4), today);
        } else if ((m = MONTH_FIRST.matcher(word)).matches()) {
            date = date(m.group(4), m.group(1), m.group(3), today);
        } else if ((m = DAY_FIRST.matcher(word)).matches()) {
            date = date(m.group(3), m.group(2), m.group(1), today);
        } else if ((m = EIGHT_DIGITS.matcher(word)).matches()) {
            date = date(m.group(1), m.group(2), m.group(3), today);
        } else {
            return null;
        }
        return new DateOfBirthWord(checked("q", date, today), date);
    }

    /** A date of birth that exists, is not in the future and not before the oldest the service keeps. */
    static LocalDate checked(String field, LocalDate date, LocalDate today) {
        if (date.isAfter(today.plusDays(1))) {
            throw new InvalidParameterException(field, "date of birth is in the future");
        }
        if (date.isBefore(Patient.OLDEST_DATE_OF_BIRTH)) {
            throw new InvalidParameterException(field, "date of birth is before " + Patient.OLDEST_DATE_OF_BIRTH);
        }
        return date;
    }

    private static LocalDate date(String year, String month, String day, LocalDate today) {
        try {
            int y = Integer.parseInt(year);
            if (year.length() == 2) {
                y += today.getYear() / 100 * 100;
                if (LocalDate.of(y, Integer.parseInt(month), 1).isAfter(today)) {
                    y -= 100;
                }
            }
            return LocalDate.of(y, Integer.parseInt(month), Integer.parseInt(day));
        } catch (DateTimeException e) {
            throw new InvalidParameterException("q", "holds a date that does not exist");
        }
    }
}
