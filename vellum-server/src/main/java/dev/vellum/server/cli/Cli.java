package dev.vellum.server.cli;

/** What the everyday commands share: an {@link ApiOptions.ApiException} is printed, exit status 1. */
final class Cli {

    private Cli() {
    }

    /** Runs {@code body}; 0 when it finishes, 1 with the message on standard error when the server refused. */
    static int run(Runnable body) {
        try {
            body.run();
            return 0;
        } catch (ApiOptions.ApiException e) {
            System.err.println("vellum: " + e.getMessage());
            return 1;
        }
    }
}
