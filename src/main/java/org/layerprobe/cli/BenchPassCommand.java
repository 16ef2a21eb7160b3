package org.layerprobe.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.layerprobe.probe.PassCost;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code layerprobe bench pass}: what one full-batch probe-solver pass costs on this machine, next
 * to a plain read of the same memory. The probe benchmark's time is passes times this cost, so
 * this separates what the solver decides from what the hardware does.
 */
@Command(
        name = "pass",
        mixinStandardHelpOptions = true,
        description = "Cost of one probe-solver pass over random float32 states of one width, beside a plain"
                + " read of the same memory (default: conv1.act of alain-bengio, 25,088 features).")
public final class BenchPassCommand implements Callable<Integer> {

    @Option(names = "--width", defaultValue = "25088", description = "Features per state (default: ${DEFAULT-VALUE}).")
    long width;

    @Option(
            names = "--samples",
            defaultValue = "55000",
            description = "Training samples a pass reads, for the seconds-per-pass figure (default: ${DEFAULT-VALUE}).")
    long samples;

    @Option(
            names = "--strengths",
            split = ",",
            description = "L2 strengths fitted side by side, one measurement each (default: 1,4).")
    List<Integer> strengths = new ArrayList<>(List.of(1, 4));

    @Option(names = "--classes", defaultValue = "10", description = "Classes (default: ${DEFAULT-VALUE}).")
    int classes;

    @Option(
            names = "--rows",
            defaultValue = "2048",
            description = "Rows per block, as the state cache stores them (default: ${DEFAULT-VALUE}).")
    int rows;

    @Option(
            names = "--blocks",
            defaultValue = "4",
            description = "Blocks timed per repeat (default: ${DEFAULT-VALUE}).")
    int blocks;

    @Option(
            names = "--repeats",
            defaultValue = "3",
            description = "Timed repeats; the best is reported (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Override
    public Integer call() {
        System.out.printf(
                Locale.ROOT,
                "bench pass: random float32 states, %d features, %d blocks of %d rows, %d classes," + " %d cores%n",
                width,
                blocks,
                rows,
                classes,
                Runtime.getRuntime().availableProcessors());
        boolean first = true;
        for (int k : strengths) {
            PassCost.Figures f = PassCost.measure(width, rows, blocks, k, classes, repeats, 0);
            if (first) {
                System.out.printf(
                        Locale.ROOT,
                        "  plain read (column sums):   %5.1f GB/s over %.2f GB%n",
                        f.readRate(),
                        f.gigabytes());
                first = false;
            }
            System.out.printf(
                    Locale.ROOT,
                    "  solver pass, %d L2 strength%s %5.1f GB/s, %5.1f GFLOPS: %.2f s per pass over" + " %d samples%n",
                    k,
                    k == 1 ? ": " : "s:",
                    f.passRate(),
                    f.passGflops(),
                    f.secondsPerPass(samples),
                    samples);
        }
        return 0;
    }
}
