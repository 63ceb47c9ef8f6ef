package com.patientsearch.app.bulk;

/**
 * Builds PostgreSQL COPY text-format rows: tab-separated, {@code \N} for NULL, backslash escapes for the characters
 * the format reserves. Values never pass through SQL text, so nothing here needs quoting.
 */
public final class CopyText {

    private final StringBuilder out;
    private boolean rowStarted;

    public CopyText(int capacity) {
        this.out = new StringBuilder(capacity);
    }

    public CopyText add(String value) {
        separate();
        if (value == null) {
            out.append("\\N");
            return this;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
        return this;
    }

    public CopyText add(long value) {
        separate();
        out.append(value);
        return this;
    }

    public CopyText add(boolean value) {
        separate();
        out.append(value ? 't' : 'f');
        return this;
    }

    /** A nullable id: 0 means NULL. */
    public CopyText addId(long value) {
        if (value == 0) {
            return add((String) null);
        }
        return add(value);
    }

    /** A value already known to hold no reserved characters (numbers, ISO dates and instants, codes). */
    public CopyText addPlain(Object value) {
        separate();
        out.append(value);
        return this;
    }

    public CopyText endRow() {
        out.append('\n');
        rowStarted = false;
        return this;
    }

    public byte[] toBytes() {
        return out.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private void separate() {
        if (rowStarted) {
            out.append('\t');
        }
        rowStarted = true;
    }
}
