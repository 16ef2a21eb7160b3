package org.layerprobe.cli;

import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.layerprobe.bench.PassCost;
import org.layerprobe.bench.Roofline;
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

    @Option(
            names = "--gemm-size",
            defaultValue = "2048",
            description = "Side of the square float32 product that measures the machine's GEMM peak, the"
                    + " roofline's compute ceiling (default: ${DEFAULT-VALUE}).")
    int gemmSize;

    @Option(
            names = "--gemm-types",
            split = ",",
            description = "Element types whose square-product peak is also measured on its own, e.g."
                    + " float16 for what 16-bit products reach (default: none; the roofline's float32 peak is always"
                    + " measured, between the passes).")
    List<String> gemmTypes = new ArrayList<>();

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
        for (String type : gemmTypes) {
            System.out.printf(
                    Locale.ROOT,
                    "  %s GEMM peak (%d^3, best of %d): %6.1f GFLOPS%n",
                    type,
                    gemmSize,
                    repeats,
                    PassCost.gemmPeak(gemmSize, repeats, DataType.valueOf(type.toUpperCase(Locale.ROOT))));
        }
        for (int k : strengths) {
            PassCost.Figures f = PassCost.measure(width, rows, blocks, k, classes, repeats, gemmSize, 0);
            Roofline roof = f.roofline();
            System.out.printf(
                    Locale.ROOT,
                    "  roofline between the %d-strength passes: %s (%.2f GB of states)%n",
                    k,
                    roof.describe(),
                    f.gigabytes());
            System.out.printf(
                    Locale.ROOT,
                    "  solver pass, %d L2 strength%s %5.1f GB/s, %5.1f GFLOPS: %.2f s per pass over" + " %d samples%n",
                    k,
                    k == 1 ? ": " : "s:",
                    f.passRate(),
                    f.passGflops(),
                    f.secondsPerPass(samples),
                    samples);
            System.out.printf(
                    Locale.ROOT,
                    "    products and residuals (%.0f%% of the pass): %s%n",
                    100 * f.work().seconds() * f.passRate() / f.gigabytes(),
                    roof.judge(f.work()));
            System.out.printf(
                    Locale.ROOT,
                    "    its two products alone (%d padded columns, the ceiling of this shape): %s;"
                            + " the pass's products and residuals run at %.2f of their rate%n",
                    Math.round(f.bare().flopsPerByte()),
                    roof.judge(f.bare()),
                    f.work().gflops() / f.bare().gflops());
        }
        return 0;
    }
}
