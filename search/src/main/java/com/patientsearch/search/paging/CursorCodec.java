package com.patientsearch.search.paging;

import com.patientsearch.persistence.scope.CallerScope;
import com.patientsearch.search.common.InvalidParameterException;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Opaque keyset cursors: the last row's sort key, encrypted and authenticated (AES-256-GCM), bound to the query it
 * came from and, through the {@link CallerScope} overloads, to the caller (user, role, clinics). A cursor travels in
 * URLs (proxy logs, browser history), so it shows nothing of the search terms or of the last hit; one that was
 * edited, replayed against another query or handed to another caller is refused with 400 instead of returning
 * wrong rows. The query fingerprint is any string that changes when filters or sort change (not the limit).
 *
 * <p>Nodes behind one load balancer must share {@code search.cursor.secret} (at least {@value #MIN_SECRET_LENGTH}
 * characters; a shorter one stops the start); without it each process makes its own key, and cursors do not survive
 * a restart.
 */
@Singleton
public class CursorCodec {

    public static final int MIN_SECRET_LENGTH = 32;
    private static final Logger LOG = LoggerFactory.getLogger(CursorCodec.class);
    private static final char SEPARATOR = '\u001f';
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    /** Hashes of the query fingerprint and of the caller, inside the ciphertext: enough to tell them apart. */
    private static final int BINDING_BYTES = 12;
    private static final int MAX_CURSOR_LENGTH = 2048;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final String UNBOUND = "";

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    public CursorCodec(@Value("${search.cursor.secret:}") String secret) {
        byte[] keyBytes;
        if (secret == null || secret.isBlank()) {
            keyBytes = new byte[32];
            random.nextBytes(keyBytes);
            LOG.info("search.cursor.secret is not set: cursors are encrypted with a per-process key");
        } else if (secret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalStateException("search.cursor.secret must be at least " + MIN_SECRET_LENGTH
                    + " characters (it is " + secret.length() + "): generate one with openssl rand -base64 48");
        } else {
            keyBytes = sha256(secret.getBytes(StandardCharsets.UTF_8)); // any length of secret, a 256-bit key
        }
        this.key = new SecretKeySpec(keyBytes, "AES");
    }

    /** Encodes the sort-key values of the last row on a page. Values must not contain U+001F. */
    public String encode(String queryFingerprint, List<String> keyValues) {
        return encode(UNBOUND, queryFingerprint, keyValues);
    }

    /** The same, bound to {@code caller}: another user, role or set of clinics gets a 400 for it. */
    public String encode(CallerScope caller, String queryFingerprint, List<String> keyValues) {
        return encode(binding(caller), queryFingerprint, keyValues);
    }

    /** The key values of {@code cursor}, or a 400 naming the {@code cursor} parameter. */
    public List<String> decode(String cursor, String queryFingerprint, int expectedValues) {
        return decode(UNBOUND, cursor, queryFingerprint, expectedValues);
    }

    /** The same, for a cursor encoded for {@code caller}. */
    public List<String> decode(CallerScope caller, String cursor, String queryFingerprint, int expectedValues) {
        return decode(binding(caller), cursor, queryFingerprint, expectedValues);
    }

    private String encode(String caller, String queryFingerprint, List<String> keyValues) {
        StringBuilder payload = new StringBuilder();
        for (String value : keyValues) {
            payload.append(SEPARATOR).append(value == null ? "" : value);
        }
        byte[] values = payload.toString().getBytes(StandardCharsets.UTF_8);
        byte[] plain = ByteBuffer.allocate(2 * BINDING_BYTES + values.length)
                .put(hash(queryFingerprint)).put(hash(caller)).put(values).array();
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] sealed = cipher(Cipher.ENCRYPT_MODE, nonce, plain);
        return ENCODER.encodeToString(ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array());
    }

    private List<String> decode(String caller, String cursor, String queryFingerprint, int expectedValues) {
        byte[] raw;
        try {
            if (cursor.length() > MAX_CURSOR_LENGTH) {
                throw new IllegalArgumentException();
            }
            raw = DECODER.decode(cursor);
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException("cursor", "is malformed");
        }
        if (raw.length < NONCE_BYTES + TAG_BITS / 8 + 2 * BINDING_BYTES) {
            throw new InvalidParameterException("cursor", "is malformed");
        }
        byte[] plain;
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, raw, 0, NONCE_BYTES));
            plain = cipher.doFinal(raw, NONCE_BYTES, raw.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new InvalidParameterException("cursor", "was modified or was not issued by this service");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is unavailable", e);
        }
        if (!MessageDigest.isEqual(Arrays.copyOfRange(plain, 0, BINDING_BYTES), hash(queryFingerprint))) {
            throw new InvalidParameterException("cursor", "belongs to another query");
        }
        if (!MessageDigest.isEqual(Arrays.copyOfRange(plain, BINDING_BYTES, 2 * BINDING_BYTES), hash(caller))) {
            throw new InvalidParameterException("cursor", "belongs to another caller");
        }
        String payload = new String(plain, 2 * BINDING_BYTES, plain.length - 2 * BINDING_BYTES, StandardCharsets.UTF_8);
        List<String> parts = new ArrayList<>(Arrays.asList(payload.split(String.valueOf(SEPARATOR), -1)));
        parts.remove(0); // before the first separator: nothing
        if (parts.size() != expectedValues) {
            throw new InvalidParameterException("cursor", "is malformed");
        }
        return parts;
    }

    private byte[] cipher(int mode, byte[] nonce, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is unavailable", e);
        }
    }

    /** Who the cursor is for: a cursor must not serve a caller who would see other rows (other clinics). */
    private static String binding(CallerScope caller) {
        return caller.user() + SEPARATOR + caller.role() + SEPARATOR + String.join(",", caller.clinics());
    }

    private static byte[] hash(String text) {
        return Arrays.copyOf(sha256(text.getBytes(StandardCharsets.UTF_8)), BINDING_BYTES);
    }

    private static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }
}
