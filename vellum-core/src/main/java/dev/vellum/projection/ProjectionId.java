package dev.vellum.projection;

import java.util.regex.Pattern;

/**
 * Which projection and which version of it: the key its checkpoints, parked events and read-model
 * tables are kept under. Two versions of one projection are two read models; a new version is
 * built beside the old one and takes over when it has caught up.
 *
 * @param name 1-{@value #MAX_NAME_LENGTH} letters, digits, {@code _}, {@code -} or {@code .}, e.g.
 *     {@code order-summary}
 * @param version 1 or more; raise it whenever the handler or the read model's shape changes
 */
public record ProjectionId(String name, int version) {

    /** The longest projection name accepted. */
    public static final int MAX_NAME_LENGTH = 100;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");

    /** Validates the name and version. @throws InvalidProjectionException when one is invalid */
    public ProjectionId {
        checkName(name);
        if (version < 1) {
            throw new InvalidProjectionException("Projection '" + name + "' has version " + version
                    + ": versions start at 1. Raise the version whenever the handler or the read model changes.");
        }
    }

    /** Shorthand for {@code new ProjectionId(name, version)}. */
    public static ProjectionId of(String name, int version) {
        return new ProjectionId(name, version);
    }

    /**
     * Checks a projection name.
     *
     * @throws InvalidProjectionException when it is empty, too long or has other characters
     */
    public static void checkName(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH || !NAME.matcher(name).matches()) {
            throw new InvalidProjectionException("Invalid projection name '" + name + "': use 1-" + MAX_NAME_LENGTH
                    + " letters, digits, '_', '-' or '.', e.g. 'order-summary'.");
        }
    }

    /** The same projection at another version. */
    public ProjectionId withVersion(int otherVersion) {
        return new ProjectionId(name, otherVersion);
    }

    @Override
    public String toString() {
        return name + " v" + version;
    }
}
