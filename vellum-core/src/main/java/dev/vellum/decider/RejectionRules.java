package dev.vellum.decider;

import java.util.regex.Pattern;

/** The rules for a rejection's code and reason, shared by {@link Decision} and {@link CommandResult}. */
final class RejectionRules {

    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9._:-]{1," + Decision.MAX_CODE_LENGTH + "}");

    private RejectionRules() {
    }

    static void check(String code, String reason) {
        if (code == null || !CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("Invalid rejection code '" + code + "': use 1-" + Decision.MAX_CODE_LENGTH
                    + " letters, digits or . _ : -, e.g. 'insufficient-funds', so callers can act on it.");
        }
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("The rejection '" + code + "' needs a reason that says what is wrong.");
        }
    }
}
