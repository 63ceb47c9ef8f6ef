package com.patientsearch.search.patient;

import com.patientsearch.domain.patient.Gender;
import com.patientsearch.domain.patient.PatientStatus;
import com.patientsearch.search.common.ClinicCodes;
import com.patientsearch.search.common.Codes;
import com.patientsearch.search.common.InvalidParameterException;
import com.patientsearch.search.common.PageSize;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** A validated, normalised patient search. Everything the SQL needs, nothing the caller typed raw. */
record PatientSearchQuery(
        String clinicCode,
        List<String> nameTokens,
        LocalDate dobFrom,
        LocalDate dobTo,
        String phoneDigits,
        String email,
        String mrn,
        Gender gender,
        Set<PatientStatus> statuses,
        PatientSort sort,
        int limit,
        String cursor,
        String address) {

    static final int MAX_Q_LENGTH = 200;
    static final int MAX_NAME_TOKENS = 6;
    /** Longer than any name word; the spelling variants of a word grow with its length squared (TokenVariants). */
    static final int MAX_WORD_LENGTH = 40;
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;
    static final int MAX_ADDRESS_LENGTH = 200;
    static final int MAX_ADDRESS_WORDS = 8;
    private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    /** A word of digits and the separators of dates and phones: never a name word. */
    private static final Pattern NUMBER = Pattern.compile("[\\d()+./-]*\\d[\\d()+./-]*");
    /** Fewer digits than a local phone number: a mistyped date or a number q cannot place. */
    static final int MIN_PHONE_DIGITS_IN_Q = 7;
    static final String NUMBERS_IN_Q = "a number in q must be a year (1980), a date of birth (1980-01-02, 1/2/1980 "
            + "month first, 2.1.1980 day first, 19800102) or a phone number of " + MIN_PHONE_DIGITS_IN_Q
            + " digits or more; a record number goes in mrn";

    static PatientSearchQuery parse(PatientSearchParams p) {
        String clinic = blankToNull(p.clinic()) == null ? null : ClinicCodes.parse("clinic", p.clinic());

        List<String> nameTokens = List.of();
        String phoneInQ = null;
        String emailInQ = null;
        LocalDate dobFrom = null;
        LocalDate dobTo = null;
        String q = p.q();
        if (q != null) {
            q = q.strip();
            if (q.isEmpty()) {
                throw new InvalidParameterException("q", "must not be empty");
            }
            if (q.length() > MAX_Q_LENGTH) {
                throw new InvalidParameterException("q", "must be at most " + MAX_Q_LENGTH + " characters");
            }
            // One search box: a date of birth, a phone number or an e-mail address typed among the name words filters
            // by it, as its own parameter would.
            List<String> words = new ArrayList<>();
            List<String> numbers = new ArrayList<>();
            for (String word : q.split("[\\s,]+")) {
                DateOfBirthWord dob = DateOfBirthWord.parse(word);
                if (dob != null) {
                    dobFrom = dob.from();
                    dobTo = dob.to();
                } else if (NUMBER.matcher(word).matches()) {
                    numbers.add(word); // the groups of one phone number: (555) 123-4567
                } else if (word.indexOf('@') >= 0) {
                    emailInQ = email("q", word);
                } else {
                    words.add(word);
                }
            }
            if (!numbers.isEmpty()) {
                String phone = String.join(" ", numbers);
                int digits = phone.replaceAll("[^0-9]", "").length();
                if (digits < MIN_PHONE_DIGITS_IN_Q || digits > ContactSearch.MAX_PHONE_DIGITS) {
                    throw new InvalidParameterException("q", NUMBERS_IN_Q);
                }
                phoneInQ = phone;
            }
            // a word typed twice is one word: name pairs match two different words of the name (docs/indexing.md)
            nameTokens = List.copyOf(new LinkedHashSet<>(NameNormalizer.tokens(String.join(" ", words))));
            if (nameTokens.isEmpty() && dobFrom == null && phoneInQ == null && emailInQ == null) {
                throw new InvalidParameterException("q", "has no name, date of birth, phone or e-mail to search for");
            }
            if (nameTokens.size() > MAX_NAME_TOKENS) {
                throw new InvalidParameterException("q", "must have at most " + MAX_NAME_TOKENS + " words");
            }
            if (nameTokens.stream().anyMatch(token -> token.length() > MAX_WORD_LENGTH)) {
                throw new InvalidParameterException("q", "words must be at most " + MAX_WORD_LENGTH + " letters");
            }
        }

        String dob = blankToNull(p.dob());
        if (dob != null) {
            if (!ISO_DATE.matcher(dob).matches()) {
                throw new InvalidParameterException("dob", "must be a date as YYYY-MM-DD");
            }
            LocalDate date = parseDate("dob", dob);
            if (dobFrom != null && (date.isBefore(dobFrom) || date.isAfter(dobTo))) {
                throw new InvalidParameterException("dob", "contradicts the date of birth in q");
            }
            dobFrom = dobTo = date;
        }

        String phone = blankToNull(p.phone());
        if (phone != null && phoneInQ != null) {
            throw new InvalidParameterException("phone", "q has a phone number too: give it once");
        }
        String phoneDigits = phone != null ? ContactSearch.phoneDigits(phone)
                : phoneInQ != null ? ContactSearch.phoneDigits(phoneInQ) : null;

        String emailParam = blankToNull(p.email());
        if (emailParam != null && emailInQ != null) {
            throw new InvalidParameterException("email", "q has an e-mail address too: give it once");
        }
        String email = emailParam != null ? email("email", emailParam) : emailInQ;

        String mrn = blankToNull(p.mrn());
        if (mrn != null && mrn.length() > 64) {
            throw new InvalidParameterException("mrn", "must be at most 64 characters");
        }

        String address = null;
        if (blankToNull(p.address()) != null) {
            if (p.address().strip().length() > MAX_ADDRESS_LENGTH) {
                throw new InvalidParameterException("address", "must be at most " + MAX_ADDRESS_LENGTH + " characters");
            }
            // the same normalisation as the stored key (ps_address_key): accents, case and punctuation do not count
            address = NameNormalizer.normalize(p.address());
            List<String> words = List.of(address.split(" "));
            // a word of three or more characters gives the trigram index something to look up (PatientSearchSql)
            if (words.stream().noneMatch(w -> w.length() >= PatientSearchSql.ADDRESS_TRIGRAM_WORD)) {
                throw new InvalidParameterException("address", "needs a word of at least "
                        + PatientSearchSql.ADDRESS_TRIGRAM_WORD + " letters or digits");
            }
            if (words.size() > MAX_ADDRESS_WORDS) {
                throw new InvalidParameterException("address", "must have at most " + MAX_ADDRESS_WORDS + " words");
            }
        }

        if (nameTokens.isEmpty() && dobFrom == null && phoneDigits == null && email == null && mrn == null && address == null) {
            throw new InvalidParameterException("q", "at least one of q, phone, email, mrn, dob, address is required");
        }

        Gender gender = null;
        if (blankToNull(p.gender()) != null) {
            gender = Codes.parse("gender", Gender.class, p.gender());
        }

        Set<PatientStatus> statuses = EnumSet.complementOf(EnumSet.of(PatientStatus.MERGED));
        if (blankToNull(p.status()) != null) {
            statuses = EnumSet.noneOf(PatientStatus.class);
            for (String code : p.status().split(",")) {
                statuses.add(Codes.parse("status", PatientStatus.class, code));
            }
        }

        PatientSort sort = nameTokens.isEmpty() ? PatientSort.NAME : PatientSort.RELEVANCE;
        if (blankToNull(p.sort()) != null) {
            sort = Codes.parse("sort", PatientSort.class, p.sort());
            if (sort == PatientSort.RELEVANCE && nameTokens.isEmpty()) {
                throw new InvalidParameterException("sort", "relevance needs a name in q");
            }
        }

        int limit = PageSize.parse("limit", blankToNull(p.limit()), DEFAULT_LIMIT, MAX_LIMIT);

        return new PatientSearchQuery(clinic, List.copyOf(nameTokens), dobFrom, dobTo, phoneDigits, email, mrn,
                gender, statuses, sort, limit, blankToNull(p.cursor()), address);
    }

    /** Changes whenever the matched set or its order would change; the limit may vary between pages. */
    String fingerprint() {
        Set<String> statusCodes = new TreeSet<>();
        statuses.forEach(s -> statusCodes.add(s.code()));
        return String.join("|", Arrays.asList(
                "v1", clinicCode == null ? "" : clinicCode.toUpperCase(Locale.ROOT), String.join(" ", nameTokens),
                String.valueOf(dobFrom), String.valueOf(dobTo), String.valueOf(phoneDigits), String.valueOf(email),
                String.valueOf(mrn), gender == null ? "" : gender.code(), String.join(",", statusCodes), sort.code(),
                String.valueOf(address)));
    }

    private static LocalDate parseDate(String field, String text) {
        LocalDate date;
        try {
            date = LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidParameterException(field, "holds a date that does not exist");
        }
        return DateOfBirthWord.checked(field, date, LocalDate.now(ZoneOffset.UTC));
    }

    private static String email(String field, String text) {
        String email = text.strip().toLowerCase(Locale.ROOT);
        if (email.length() > 254 || email.indexOf('@') < 1 || email.indexOf('@') == email.length() - 1) {
            throw new InvalidParameterException(field, "is not an e-mail address");
        }
        return email;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
