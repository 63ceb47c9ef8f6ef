package com.patientsearch.search.patient;

import com.patientsearch.search.common.InvalidParameterException;

import java.util.regex.Pattern;

/**
 * Finding patients by a phone or an e-mail: how a typed phone becomes the digits matched, and the conditions on
 * contact_info that the API's and FHIR's patient statements share (both name the patient table {@code p}).
 */
public final class ContactSearch {

    private static final int MIN_PHONE_DIGITS = 4;
    static final int MAX_PHONE_DIGITS = 15;
    private static final Pattern PHONE_CHARS = Pattern.compile("[0-9 ()+.\\-/]+");

    /**
     * Patients with a phone ending in the digits; binds: {@link #phoneSuffixRange}. ARRAY(...) runs once and feeds the
     * primary key: as a semi-join the planner misjudged the suffix range and scanned every patient.
     */
    public static final String PHONE = """

                  AND p.id = ANY (ARRAY(SELECT c.patient_id FROM contact_info c
                                        WHERE c.phone_digits IS NOT NULL
                                          AND reverse(c.phone_digits) ~>=~ ? AND reverse(c.phone_digits) ~<~ ?))""";
    /** Patients with this e-mail; bind: the address in lower case. */
    public static final String EMAIL = """

                  AND p.id = ANY (ARRAY(SELECT c.patient_id FROM contact_info c
                                        WHERE c.email IS NOT NULL AND lower(c.email) = ?))""";

    private ContactSearch() {
    }

    /**
     * A phone as typed, in any formatting, to the digits matched as a suffix: 4 to 15 of them (a number's last digits
     * find it), the NANP 1 dropped. Anything else: 400 naming {@code phone}.
     */
    public static String phoneDigits(String phone) {
        if (!PHONE_CHARS.matcher(phone).matches()) {
            throw new InvalidParameterException("phone", "may only hold digits, spaces and ( ) + . - /");
        }
        String digits = phone.replaceAll("[^0-9]", "");
        if (digits.length() < MIN_PHONE_DIGITS || digits.length() > MAX_PHONE_DIGITS) {
            throw new InvalidParameterException("phone",
                    "must have between " + MIN_PHONE_DIGITS + " and " + MAX_PHONE_DIGITS + " digits");
        }
        // +1 555 123 4567 and (555) 123-4567 are the same NANP number: match on the last ten digits.
        return digits.length() == 11 && digits.startsWith("1") ? digits.substring(1) : digits;
    }

    /**
     * {@link #PHONE}'s two binds: the reversed digits and the end of their prefix range (':' sorts right after '9'),
     * so a suffix match becomes a range on contact_info_phone_suffix_idx.
     */
    public static Object[] phoneSuffixRange(String digits) {
        String reversed = new StringBuilder(digits).reverse().toString();
        return new Object[] {reversed, reversed + ":"};
    }
}
