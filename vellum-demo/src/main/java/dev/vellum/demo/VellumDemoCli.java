package dev.vellum.demo;

import dev.vellum.server.cli.VellumCli;

/**
 * The {@code vellum} command line of {@code vellum.jar} (what the {@code ./vellum} script runs): the
 * server's subcommands ({@code serve}, {@code streams}, {@code read}, {@code tail}, {@code workers})
 * and {@code vellum demo}, which lives here because its domain is the examples' and the server does
 * not depend on the examples.
 */
public final class VellumDemoCli {

    private VellumDemoCli() {
    }

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit status (for tests). */
    public static int run(String... args) {
        return VellumCli.commandLine().addSubcommand(new DemoCommand()).execute(args);
    }
}
