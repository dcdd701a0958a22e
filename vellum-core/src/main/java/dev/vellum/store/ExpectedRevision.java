package dev.vellum.store;

/**
 * What an append expects of the stream's current revision. The check and the write are one atomic
 * step: when the expectation does not hold, nothing is written and a
 * {@link WrongExpectedRevisionException} carries the actual revision.
 */
public sealed interface ExpectedRevision {

    /** No check at all. */
    static ExpectedRevision any() {
        return Any.INSTANCE;
    }

    /** The stream must not exist (never written, or soft-deleted). */
    static ExpectedRevision noStream() {
        return NoStream.INSTANCE;
    }

    /** The stream must exist, at any revision. */
    static ExpectedRevision exists() {
        return Exists.INSTANCE;
    }

    /** The stream's last event must have exactly this revision. */
    static ExpectedRevision exactly(long revision) {
        return new Exact(revision);
    }

    /**
     * Parses the text form used by the HTTP API and command line: {@code any}, {@code no-stream},
     * {@code exists}, or a revision number.
     *
     * @throws InvalidExpectedRevisionException for anything else
     */
    static ExpectedRevision parse(String text) {
        if (text == null) {
            throw new InvalidExpectedRevisionException("null");
        }
        return switch (text.strip()) {
            case "any" -> any();
            case "no-stream" -> noStream();
            case "exists" -> exists();
            default -> {
                String number = text.strip();
                // only ASCII digits: Long.parseLong would also take "+5" and digits of other scripts
                if (number.isEmpty() || !number.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    throw new InvalidExpectedRevisionException(text);
                }
                try {
                    yield exactly(Long.parseLong(number));
                } catch (NumberFormatException e) {
                    throw new InvalidExpectedRevisionException(text);
                }
            }
        };
    }

    /** No check. */
    enum Any implements ExpectedRevision {
        /** The only value. */
        INSTANCE;

        @Override
        public String toString() {
            return "any";
        }
    }

    /** The stream must not exist. */
    enum NoStream implements ExpectedRevision {
        /** The only value. */
        INSTANCE;

        @Override
        public String toString() {
            return "no-stream";
        }
    }

    /** The stream must exist. */
    enum Exists implements ExpectedRevision {
        /** The only value. */
        INSTANCE;

        @Override
        public String toString() {
            return "exists";
        }
    }

    /**
     * The stream's last revision must be exactly {@code revision}.
     *
     * @param revision 0 or more
     */
    record Exact(long revision) implements ExpectedRevision {
        /** @throws InvalidExpectedRevisionException when negative */
        public Exact {
            if (revision < 0) {
                throw new InvalidExpectedRevisionException(Long.toString(revision));
            }
        }

        @Override
        public String toString() {
            return Long.toString(revision);
        }
    }
}
