package dev.vellum.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The users a server lets in, each with a name, a {@link Role} and a secret. A client shows the
 * secret as a bearer token ({@code Authorization: Bearer SECRET}) or as the password of HTTP Basic
 * for the user's name. Only the SHA-256 hash of each secret is kept, so secrets must be random and
 * long (at least {@value #MIN_SECRET_LENGTH} characters): a hash of a short password can be guessed.
 *
 * <p>A users file has one user a line, {@code NAME ROLE sha256:HEX}, where {@code HEX} is the
 * SHA-256 of the secret in lower-case hex (what {@code printf %s SECRET | sha256sum} prints);
 * blank lines and lines starting with {@code #} are skipped.
 */
public final class Users {

    /** The shortest secret accepted. */
    public static final int MIN_SECRET_LENGTH = 16;

    private final Map<String, User> byName;
    private final Map<String, User> byHash;

    private Users(Map<String, User> byName) {
        this.byName = Map.copyOf(byName);
        Map<String, User> hashes = new LinkedHashMap<>();
        byName.values().forEach(u -> hashes.put(HexFormat.of().formatHex(u.secretHash()), u));
        this.byHash = Map.copyOf(hashes);
    }

    /** One user as the server knows it: the secret's hash, never the secret. */
    private record User(String name, Role role, byte[] secretHash) {
        Identity identity() {
            return new Identity(name, role);
        }
    }

    /**
     * Who a request was made by.
     *
     * @param name the user's name
     * @param role what the user may do
     */
    public record Identity(String name, Role role) {
    }

    /** No users yet. */
    public static Users none() {
        return new Users(Map.of());
    }

    /**
     * These users and one more, whose secret is {@code secret}.
     *
     * @throws ServerConfigurationException when the name is taken or invalid, or the secret too short
     */
    public Users with(String name, Role role, String secret) {
        Objects.requireNonNull(secret, "secret");
        if (secret.length() < MIN_SECRET_LENGTH) {
            throw new ServerConfigurationException("The secret of user '" + name + "' has " + secret.length()
                    + " characters: use a random one of at least " + MIN_SECRET_LENGTH + ".");
        }
        return withHash(name, role, Secrets.sha256(secret));
    }

    /** Loads a users file (see the class comment). @throws ServerConfigurationException when unreadable or on a bad line */
    public static Users load(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new ServerConfigurationException("Cannot read the users file " + file + " (" + e
                    + "): check the path and its permissions.");
        }
        Users users = none();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+");
            String where = "Line " + (i + 1) + " of " + file;
            if (parts.length != 3 || !parts[2].startsWith("sha256:")) {
                throw new ServerConfigurationException(where + " is not 'NAME ROLE sha256:HEX'.");
            }
            Role role;
            try {
                role = Role.valueOf(parts[1].toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ServerConfigurationException(where + " names the role '" + parts[1]
                        + "': use viewer or operator.");
            }
            users = users.withHash(parts[0], role, Secrets.parseHex(parts[2].substring("sha256:".length()), where));
        }
        return users;
    }

    /** True when there is no user. */
    public boolean isEmpty() {
        return byName.isEmpty();
    }

    /** The user whose secret {@code token} is, if any. */
    public Optional<Identity> byToken(String token) {
        User user = byHash.get(HexFormat.of().formatHex(Secrets.sha256(token)));
        return Optional.ofNullable(user).map(User::identity);
    }

    /** The user named {@code name}, if {@code secret} is its secret (compared in constant time). */
    public Optional<Identity> byPassword(String name, String secret) {
        User user = byName.get(name);
        byte[] hash = Secrets.sha256(secret);
        if (user == null || !MessageDigest.isEqual(user.secretHash(), hash)) {
            return Optional.empty();
        }
        return Optional.of(user.identity());
    }

    private Users withHash(String name, Role role, byte[] hash) {
        Objects.requireNonNull(role, "role");
        if (name == null || !name.matches("[A-Za-z0-9._@-]{1,64}")) {
            throw new ServerConfigurationException("Invalid user name '" + name
                    + "': use 1-64 letters, digits or . _ @ -.");
        }
        if (byHash.containsKey(HexFormat.of().formatHex(hash))) {
            throw new ServerConfigurationException("User '" + name + "' has the secret of another user: "
                    + "give each user a secret of its own.");
        }
        if (byName.containsKey(name)) {
            throw new ServerConfigurationException("User '" + name + "' is listed twice: give each user one line.");
        }
        Map<String, User> copy = new LinkedHashMap<>(byName);
        copy.put(name, new User(name, role, hash));
        return new Users(copy);
    }
}
