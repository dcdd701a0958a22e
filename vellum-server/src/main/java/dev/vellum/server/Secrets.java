package dev.vellum.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Hashing and making secrets. */
final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A digest every hash is cloned from: cheaper than looking the algorithm up for each request's token. */
    private static final MessageDigest SHA_256 = newSha256();

    private Secrets() {
    }

    /** The SHA-256 of {@code secret}'s UTF-8 bytes. */
    public static byte[] sha256(String secret) {
        MessageDigest digest;
        try {
            digest = (MessageDigest) SHA_256.clone();
        } catch (CloneNotSupportedException e) {
            digest = newSha256();
        }
        return digest.digest(secret.getBytes(StandardCharsets.UTF_8));
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    /** A new random token: 32 bytes from a {@link SecureRandom}, URL-safe Base64 without padding. */
    public static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A SHA-256 hash written in hex. @throws ServerConfigurationException when it is not one */
    public static byte[] parseHex(String hex, String where) {
        if (hex.length() != 64) {
            throw new ServerConfigurationException(where + ": a SHA-256 hash is 64 hex digits, got " + hex.length()
                    + " characters.");
        }
        try {
            return HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw new ServerConfigurationException(where + ": '" + hex + "' is not hex.");
        }
    }
}
