package org.layerprobe.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code layerprobe bench}: benchmarks, which print figures (speed and memory targets live here,
 * never in timed tests).
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description =
                "Benchmarks: 'bench probe' (converged probes of a trained net), 'bench pass' (cost of one solver pass).",
        subcommands = {BenchProbeCommand.class, BenchPassCommand.class})
public final class BenchCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    /** Without a subcommand, show what the benchmarks are. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }
}
