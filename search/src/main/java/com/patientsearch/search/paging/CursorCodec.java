package com.patientsearch.search.paging;

import com.patientsearch.search.common.InvalidParameterException;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Opaque keyset cursors: the last row's sort key, bound to the query it came from and signed (HMAC-SHA256), so a
 * cursor that was edited, or replayed against another query, is refused with 400 instead of returning wrong rows.
 * The query fingerprint is any string that changes when filters or sort change (not the limit).
 *
 * <p>Nodes behind one load balancer must share {@code search.cursor.secret}; without it each process makes its own,
 * and cursors do not survive a restart.
 */
@Singleton
public class CursorCodec {

    private static final Logger LOG = LoggerFactory.getLogger(CursorCodec.class);
    private static final char SEPARATOR = '\u001f';
    private static final int SIGNATURE_BYTES = 16;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;

    public CursorCodec(@Value("${search.cursor.secret:}") String secret) {
        byte[] keyBytes;
        if (secret == null || secret.isBlank()) {
            keyBytes = new byte[32];
            new SecureRandom().nextBytes(keyBytes);
            LOG.info("search.cursor.secret is not set: cursors are signed with a per-process key");
        } else {
            keyBytes = secret.getBytes(StandardCharsets.UTF_8);
        }
        this.key = new SecretKeySpec(keyBytes, "HmacSHA256");
    }

    /** Encodes the sort-key values of the last row on a page. Values must not contain U+001F. */
    public String encode(String queryFingerprint, List<String> keyValues) {
        StringBuilder payload = new StringBuilder(queryFingerprint);
        for (String value : keyValues) {
            payload.append(SEPARATOR).append(value == null ? "" : value);
        }
        byte[] body = payload.toString().getBytes(StandardCharsets.UTF_8);
        return ENCODER.encodeToString(body) + "." + ENCODER.encodeToString(sign(body));
    }

    /** The key values of {@code cursor}, or a 400 naming the {@code cursor} parameter. */
    public List<String> decode(String cursor, String queryFingerprint, int expectedValues) {
        int dot = cursor.indexOf('.');
        byte[] body;
        byte[] signature;
        try {
            if (dot < 1 || cursor.length() > 2048) {
                throw new IllegalArgumentException();
            }
            body = DECODER.decode(cursor.substring(0, dot));
            signature = DECODER.decode(cursor.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException("cursor", "is malformed");
        }
        if (!MessageDigest.isEqual(sign(body), signature)) {
            throw new InvalidParameterException("cursor", "was modified or was not issued by this service");
        }
        String payload = new String(body, StandardCharsets.UTF_8);
        List<String> parts = new ArrayList<>(Arrays.asList(payload.split(String.valueOf(SEPARATOR), -1)));
        if (!parts.remove(0).equals(queryFingerprint)) {
            throw new InvalidParameterException("cursor", "belongs to another query");
        }
        if (parts.size() != expectedValues) {
            throw new InvalidParameterException("cursor", "is malformed");
        }
        return parts;
    }

    private byte[] sign(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return Arrays.copyOf(mac.doFinal(body), SIGNATURE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
