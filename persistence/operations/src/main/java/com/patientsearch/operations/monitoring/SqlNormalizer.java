package com.patientsearch.operations.monitoring;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns SQL into its shape: literals, bind markers and IN lists become {@code ?}, so the text can be logged and
 * grouped without ever carrying a value (no patient data in logs), and the same statement maps to the same family
 * whether it came from the app ({@code ?}) or from pg_stat_statements ({@code $1}).
 */
public final class SqlNormalizer {

    private static final int MAX_LENGTH = 4000;
    private static final Pattern DOLLAR_QUOTED = Pattern.compile("\\$([A-Za-z_]\\w*)?\\$.*?\\$\\1?\\$", Pattern.DOTALL);
    private static final Pattern STRING = Pattern.compile("(?<![\\w])(?:[eEbBxXnNuU]&?)?'(?:[^'\\\\]|''|\\\\.)*'");
    private static final Pattern BLOCK_COMMENT = Pattern.compile("/\\*.*?\\*/", Pattern.DOTALL);
    private static final Pattern LINE_COMMENT = Pattern.compile("--[^\\n]*");
    private static final Pattern BIND = Pattern.compile("\\$\\d+");
    private static final Pattern NUMBER = Pattern.compile("(?<![\\w.$\"])\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?(?![\\w])");
    /** A character class, not a repeated group: Java matches a repeated group recursively, and the thousands of
     *  binds of a batch (an indexer's IN list) overflowed the stack. */
    private static final Pattern IN_LIST = Pattern.compile("\\(\\s*\\?[\\s,?]*\\)");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern TARGET_TABLE = Pattern.compile(
            "\\b(?:from|into|update|join)\\s+(?:only\\s+)?(?:\"?[A-Za-z_][\\w$]*\"?\\.)?\"?([A-Za-z_][\\w$]*)\"?",
            Pattern.CASE_INSENSITIVE);

    private SqlNormalizer() {
    }

    /** The statement with every value replaced by {@code ?}, comments removed and whitespace collapsed. */
    public static String normalize(String sql) {
        if (sql == null) {
            return "";
        }
        String s = DOLLAR_QUOTED.matcher(sql).replaceAll("?");
        s = STRING.matcher(s).replaceAll("?");
        s = BLOCK_COMMENT.matcher(s).replaceAll(" ");
        s = LINE_COMMENT.matcher(s).replaceAll(" ");
        s = BIND.matcher(s).replaceAll("?");
        s = NUMBER.matcher(s).replaceAll("?");
        s = WHITESPACE.matcher(s).replaceAll(" ").trim();
        // Hibernate pads IN lists to powers of two: one family whatever the list length.
        s = IN_LIST.matcher(s).replaceAll("(?)");
        return s.length() > MAX_LENGTH ? s.substring(0, MAX_LENGTH) + "…" : s;
    }

    /** A stable, readable name for a normalised statement: verb, first table, short hash (e.g. select_patient_1a2b3c4d). */
    public static String family(String normalized) {
        String lower = normalized.toLowerCase(Locale.ROOT);
        int space = lower.indexOf(' ');
        String verb = (space < 0 ? lower : lower.substring(0, space)).replaceAll("[^a-z]", "");
        Matcher table = TARGET_TABLE.matcher(lower);
        String name = table.find() ? table.group(1) : "";
        String prefix = (verb.isEmpty() ? "sql" : verb) + (name.isEmpty() ? "" : "_" + name);
        return prefix + "_" + sha256(lower).substring(0, 8);
    }

    /** True for statements that only read: the only ones EXPLAIN ANALYZE may re-run. */
    static boolean isRead(String normalized) {
        String lower = normalized.toLowerCase(Locale.ROOT);
        boolean select = lower.startsWith("select ") || lower.startsWith("with ") || lower.startsWith("(select ");
        return select && !Pattern.compile("\\b(insert|update|delete|merge|for share|for no key update|for key share|into)\\b")
                .matcher(lower.replace("for update", " update ")).find();
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
