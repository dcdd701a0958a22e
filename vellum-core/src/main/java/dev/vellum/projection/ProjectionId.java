package dev.vellum.projection;

import java.util.regex.Pattern;

/**
 * Which projection, which version of it, and which generation of that version: the key its
 * checkpoints, parked events and read-model tables are kept under. Two versions of one projection
 * are two read models; a new version is built beside the old one and takes over when it has caught
 * up. A version is built again without a new version, on an operator's request
 * ({@link RunningProjection#rebuild()}), as its next generation: the same code, its own read model,
 * built beside the generation serving queries and taking over the same way. Generation 1 is the
 * one a version starts with.
 *
 * @param name 1-{@value #MAX_NAME_LENGTH} letters, digits, {@code _}, {@code -} or {@code .}, e.g.
 *     {@code order-summary}
 * @param version 1 to {@value #MAX_VERSION}; raise it whenever the handler or the read model's shape changes
 * @param generation 1 to {@value #MAX_GENERATION}: how many times this version was built, this copy included
 */
public record ProjectionId(String name, int version, int generation) {

    /** The longest projection name accepted. */
    public static final int MAX_NAME_LENGTH = 100;
    /** The highest version accepted. */
    public static final int MAX_VERSION = 65_535;
    /** The highest generation accepted: how many times one version can be rebuilt, and one more. */
    public static final int MAX_GENERATION = 9_999;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");

    /** Validates the name, version and generation. @throws InvalidProjectionException when one is invalid */
    public ProjectionId {
        checkName(name);
        if (version < 1 || version > MAX_VERSION) {
            throw new InvalidProjectionException("Projection '" + name + "' has version " + version
                    + ": versions start at 1 and go up to " + MAX_VERSION + ". Raise the version whenever the handler"
                    + " or the read model changes.");
        }
        if (generation < 1 || generation > MAX_GENERATION) {
            throw new InvalidProjectionException("Projection '" + name + "' v" + version + " has generation "
                    + generation + ": generations are 1 to " + MAX_GENERATION + ". Past that, give the definition"
                    + " a higher version to build it again.");
        }
    }

    /** The first generation of {@code version}: {@code new ProjectionId(name, version, 1)}. */
    public ProjectionId(String name, int version) {
        this(name, version, 1);
    }

    /**
     * The name of the worker that runs this version, whichever generation serves:
     * {@code projection.<name>.v<version>}. Its status, controls and lease go by this name.
     */
    public String workerName() {
        return "projection." + name + ".v" + version;
    }

    /** Shorthand for {@code new ProjectionId(name, version)}, the first generation. */
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

    /** The same projection at another version, its first generation. */
    public ProjectionId withVersion(int otherVersion) {
        return new ProjectionId(name, otherVersion);
    }

    /** The same projection version at another generation. */
    public ProjectionId withGeneration(int otherGeneration) {
        return new ProjectionId(name, version, otherGeneration);
    }

    /** True when {@code other} is the same projection and version, whatever the generations. */
    public boolean sameVersion(ProjectionId other) {
        return name.equals(other.name) && version == other.version;
    }

    @Override
    public String toString() {
        return generation == 1 ? name + " v" + version : name + " v" + version + " generation " + generation;
    }
}
