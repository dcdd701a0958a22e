package dev.vellum.integration.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature a {@link WebhookClient} puts on each request (for a {@link WebhookSink}, an alert
 * webhook), and its check for receivers: HMAC-SHA256 over {@code timestamp + "." + body} with the
 * shared secret, hex-encoded, sent as {@value #SIGNATURE_HEADER}{@code : v1=<hex>} beside {@value #TIMESTAMP_HEADER}{@code : <epoch seconds>}.
 * Signing the timestamp lets a receiver refuse replays of old requests.
 */
public final class WebhookSignature {

    /** The header with the signature. */
    public static final String SIGNATURE_HEADER = "Vellum-Signature";
    /** The header with the time of signing, in epoch seconds. */
    public static final String TIMESTAMP_HEADER = "Vellum-Timestamp";

    private static final String ALGORITHM = "HmacSHA256";
    private static final String VERSION = "v1=";

    private final SecretKeySpec key;

    /** @param secret the shared secret, at least 16 bytes */
    public WebhookSignature(byte[] secret) {
        if (secret == null || secret.length < 16) {
            throw new IllegalArgumentException("A webhook secret needs at least 16 bytes; generate a random one and share it "
                    + "with the receiver.");
        }
        this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
    }

    /** The value of {@value #SIGNATURE_HEADER} for {@code body} signed at {@code timestamp}. */
    public String sign(long timestamp, String body) {
        return VERSION + HexFormat.of().formatHex(mac(timestamp, body));
    }

    /** True when {@code signature} is this secret's signature of {@code body} at {@code timestamp}; constant time. */
    public boolean verify(long timestamp, String body, String signature) {
        if (signature == null || !signature.startsWith(VERSION)) {
            return false;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(signature.substring(VERSION.length()));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(given, mac(timestamp, body));
    }

    private byte[] mac(long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }
}
