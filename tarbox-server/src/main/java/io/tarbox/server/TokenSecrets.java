package io.tarbox.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The secrets of API tokens: 32 random bytes from {@link SecureRandom} (256 bits), shown once as
 * {@code tbx_} and URL-safe Base64. The database keeps the SHA-256 of the secret, not the secret.
 *
 * <p>Why a plain SHA-256 and not a slow password hash (bcrypt, Argon2): a slow hash defends
 * guessable secrets against an offline search; these secrets have 256 bits of entropy, so no
 * search is possible, and the server must check one on every request. A stolen table of hashes
 * lets nobody in.
 */
public final class TokenSecrets {
    /** What every secret starts with (so that secret scanners and people can tell one). */
    public static final String PREFIX = "tbx_";

    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenSecrets() {}

    /** A fresh secret. */
    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The SHA-256 of {@code secret}, hex: what the database stores and looks tokens up by. */
    public static String hash(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
