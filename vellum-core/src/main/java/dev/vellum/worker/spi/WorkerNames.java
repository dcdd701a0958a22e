package dev.vellum.worker.spi;

import dev.vellum.store.InvalidNameException;
import java.util.regex.Pattern;

/**
 * The one rule for the names of long-running workers (projections, reactors, process managers,
 * integration publishers, inboxes), in whichever module runs one: 1-{@value #MAX_LENGTH} letters,
 * digits, {@code _}, {@code -} or {@code .}. Their checkpoints, leases, outboxes and timers are kept
 * under these names.
 */
public final class WorkerNames {

    /** The longest name accepted. */
    public static final int MAX_LENGTH = 80;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1," + MAX_LENGTH + "}");

    private WorkerNames() {
    }

    /**
     * Checks the name of a worker of {@code kind} ("reactor", say).
     *
     * @param example a good name of that kind, for the message
     * @return the name
     * @throws InvalidNameException when it breaks the rule
     */
    public static String check(String kind, String name, String example) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidNameException("Invalid " + kind + " name '" + name + "': use 1-" + MAX_LENGTH
                    + " letters, digits, '_', '-' or '.', e.g. '" + example + "' (one rule for the names of"
                    + " projections, reactors, process managers and integration publishers).");
        }
        return name;
    }
}
