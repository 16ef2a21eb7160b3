package org.layerprobe.cli;

import java.io.PrintWriter;
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

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, also used by tests to run commands in-process. */
    public static CommandLine commandLine() {
        Main main = new Main();
        CommandLine cmd = new CommandLine(main);
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
