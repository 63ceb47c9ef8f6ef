package com.patientsearch.perf;

/**
 * A ten-digit NANP number the way people type it into a search box, in the formats the seed stores and a few more,
 * so "ours" has to normalise and the textbook cannot rely on matching the stored text.
 */
public final class PhoneFormats {

    public static final int COUNT = 6;

    private PhoneFormats() {
    }

    public static String format(String tenDigits, int style) {
        if (tenDigits.length() != 10 || !tenDigits.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("not ten digits");
        }
        String area = tenDigits.substring(0, 3);
        String exchange = tenDigits.substring(3, 6);
        String line = tenDigits.substring(6);
        return switch (style) {
            case 0 -> "(" + area + ") " + exchange + "-" + line;
            case 1 -> area + "-" + exchange + "-" + line;
            case 2 -> area + "." + exchange + "." + line;
            case 3 -> "+1 " + area + " " + exchange + " " + line;
            case 4 -> "1-" + area + "-" + exchange + "-" + line;
            case 5 -> tenDigits;
            default -> throw new IllegalArgumentException("style " + style);
        };
    }
}
