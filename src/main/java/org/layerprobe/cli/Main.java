package org.layerprobe.cli;

import java.io.PrintWriter;
import java.util.List;
import org.layerprobe.LayerprobeException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code layerprobe} command. */
@Command(
        name = "layerprobe",
        mixinStandardHelpOptions = true,
        version = "layerprobe 0.1.0",
        description = "Linear probes on every layer of DJL networks, per activation function.",
        subcommands = {
            DatasetsCommand.class,
            TrainCommand.class,
            ExportCommand.class,
            ProbeCommand.class,
            BenchCommand.class,
            RunCommand.class,
            SlurmCommand.class,
            ReportCommand.class,
            CompareCommand.class,
            AtlasCommand.class,
            KernelsCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    /** Exit code for bad input: missing or corrupt data, invalid spec, divergence. */
    public static final int EXIT_BAD_INPUT = 2;

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT, description = "Print stack traces of errors.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(),
                "no command given; choose one of: "
                        + String.join(", ", spec.subcommands().keySet()));
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, also used by tests to run commands in-process. */
    public static CommandLine commandLine() {
        Main main = new Main();
        CommandLine cmd = new CommandLine(main);
        // An argument no command takes is an error even beside --help, which would otherwise
        // print the top-level usage, exit 0 and never name it.
        cmd.setExecutionStrategy(parseResult -> {
            for (CommandLine.ParseResult p = parseResult; p != null; p = p.subcommand()) {
                if (!p.unmatched().isEmpty()) {
                    throw new CommandLine.UnmatchedArgumentException(
                            p.commandSpec().commandLine(), p.unmatched());
                }
            }
            return new CommandLine.RunLast().execute(parseResult);
        });
        cmd.setParameterExceptionHandler((ex, args) -> {
            CommandLine line = ex.getCommandLine();
            PrintWriter err = line.getErr();
            CommandLine.ParseResult parsed = line.getParseResult();
            List<String> unmatched = parsed == null ? List.of() : parsed.unmatched();
            // An unknown option is the user's first mistake, reported before a missing parameter.
            String why;
            if (!unmatched.isEmpty()
                    && !unmatched.get(0).startsWith("-")
                    && !line.getSubcommands().isEmpty()) {
                why = "unknown command '" + unmatched.get(0) + "'; the commands are "
                        + String.join(", ", line.getSubcommands().keySet());
            } else if (!unmatched.isEmpty()) {
                why = "unknown option or argument: " + String.join(" ", unmatched);
            } else {
                why = ex.getMessage();
            }
            err.println("error: " + why);
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
            err.println("see: " + line.getCommandSpec().qualifiedName() + " --help");
            err.flush();
            return EXIT_BAD_INPUT;
        });
        cmd.setExecutionExceptionHandler((ex, line, parse) -> {
            PrintWriter err = line.getErr();
            boolean verbose = main.verbose || Boolean.getBoolean("layerprobe.verbose");
            if (ex instanceof LayerprobeException) {
                err.println("error: " + ex.getMessage());
                if (verbose) {
                    ex.printStackTrace(err);
                }
                err.flush();
                return EXIT_BAD_INPUT;
            }
            err.println("error: " + ex);
            if (verbose) {
                ex.printStackTrace(err);
            } else {
                err.println("(run with --verbose for the stack trace)");
            }
            err.flush();
            return 1;
        });
        return cmd;
    }
}
