package com.patientsearch.app.seed;

import java.util.SplittableRandom;

/** North American numbers written the many ways front desks type them. */
final class Phones {

    private Phones() {
    }

    static String random(SplittableRandom random) {
        // NANP: area code and exchange start with 2-9; x11 codes are service numbers.
        int area = nxx(random);
        int exchange = nxx(random);
        int line = random.nextInt(10_000);
        String a = Integer.toString(area);
        String e = Integer.toString(exchange);
        String l = pad4(line);
        int style = random.nextInt(100);
        if (style < 35) {
            return "(" + a + ") " + e + "-" + l;
        } else if (style < 65) {
            return a + "-" + e + "-" + l;
        } else if (style < 75) {
            return a + "." + e + "." + l;
        } else if (style < 85) {
            return "+1 " + a + " " + e + " " + l;
        } else if (style < 95) {
            return a + e + l;
        }
        return "1-" + a + "-" + e + "-" + l;
    }

    private static int nxx(SplittableRandom random) {
        while (true) {
            int value = 200 + random.nextInt(800);
            if (value % 100 != 11) {
                return value;
            }
        }
    }

    private static String pad4(int value) {
        String s = Integer.toString(value);
        return "0000".substring(s.length()) + s;
    }
}
