package dev.vellum.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code vellum} command line: {@code vellum serve}, the everyday commands over a running server
 * ({@code streams}, {@code read}, {@code tail}, {@code workers}), {@code vellum --help}. The
 * {@code vellum.jar} that the {@code ./vellum} script runs is built by {@code vellum-demo}, which adds
 * {@code vellum demo} to these through {@link #commandLine()}.
 */
@Command(name = "vellum", mixinStandardHelpOptions = true, version = "vellum 0.1.0-SNAPSHOT",
        description = "Vellum: event sourcing and CQRS for Java 21+.",
        subcommands = {ServeCommand.class, StreamsCommand.class, ReadCommand.class,
                TailCommand.class, WorkersCommand.class})
public final class VellumCli implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit status (for tests). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The command line with the server's subcommands, to run or to add subcommands to. */
    public static CommandLine commandLine() {
        return new CommandLine(new VellumCli());
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
