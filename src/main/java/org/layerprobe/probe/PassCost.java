package org.layerprobe.probe;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.layerprobe.LayerprobeException;

/**
 * What one full-batch solver pass costs on this machine, per gigabyte of states: the solver's own
 * pass ({@link SharedPass}: logits {@code z W}, softmax, {@code z^T R}) timed on
 * random float32 blocks of one width, beside a plain read (column sums) of the same memory.
 *
 * <p>A probe's time is its number of passes times this cost, so these figures separate what the
 * solver decides (how many passes) from what the machine decides (how long each one takes).
 * Values do not matter to the cost, so the states are uniform noise and the parameters zero.
 */
public final class PassCost {

    /** The most states one measurement allocates, so a typo in a width cannot exhaust the machine. */
    private static final long MAX_BYTES = 8L << 30;

    private PassCost() {}

    /**
     * Figures of one measurement. Rates are gigabytes (1e9 bytes) of float32 states per second,
     * the best of the repeats.
     */
    public record Figures(
            long width,
            int rows,
            int blocks,
            int strengths,
            int classes,
            double readRate,
            double passRate,
            double passGflops) {

        /** Gigabytes of states timed per repeat. */
        public double gigabytes() {
            return 4.0 * rows * blocks * width / 1e9;
        }

        /** Seconds one pass over {@code samples} states of this width takes at the measured rate. */
        public double secondsPerPass(long samples) {
            return 4.0 * samples * width / 1e9 / passRate;
        }
    }

    /**
     * Times the pass for a probe fitting {@code strengths} L2 strengths of a {@code classes}-way
     * task at once, over {@code blocks} blocks of {@code rows} x {@code width} states.
     */
    public static Figures measure(
            long width, int rows, int blocks, int strengths, int classes, int repeats, long seed) {
        check(
                width >= 1 && rows >= 1 && blocks >= 1 && strengths >= 1 && classes >= 2 && repeats >= 1,
                "width, rows, blocks, strengths and repeats must be at least 1 and classes at least 2");
        long bytes = 4L * rows * blocks * width;
        check(
                bytes <= MAX_BYTES,
                "the blocks would take " + MemoryBudget.format(bytes) + ", more than the "
                        + MemoryBudget.format(MAX_BYTES) + " this benchmark allows; use fewer or smaller blocks");
        Engine.getInstance().setRandomSeed((int) seed);
        Random random = new Random(seed);
        try (NDManager root = NDManager.newBaseManager()) {
            List<NDArray> z = new ArrayList<>();
            List<int[]> y = new ArrayList<>();
            FeatureStats stats = new FeatureStats(width);
            for (int b = 0; b < blocks; b++) {
                z.add(root.randomUniform(0, 1, new Shape(rows, width)));
                y.add(random.ints(rows, 0, classes).toArray());
                stats.add(z.get(b), y.get(b), classes);
            }
            List<Double> l2 = new ArrayList<>();
            for (int j = 0; j < strengths; j++) {
                l2.add(Math.pow(10, -4 + j));
            }
            double read = Double.MAX_VALUE;
            double pass = Double.MAX_VALUE;
            try (SoftmaxProbe probe = new SoftmaxProbe(root, stats, l2, classes, null)) {
                // One untimed round first: the first calls pay for native warm-up.
                for (int r = 0; r <= repeats; r++) {
                    double tr = timeRead(root, z);
                    double tp = timePass(root, probe, z, y);
                    if (r > 0) {
                        read = Math.min(read, tr);
                        pass = Math.min(pass, tp);
                    }
                }
            }
            double gb = 4.0 * rows * blocks * width / 1e9;
            double flops = 4.0 * rows * blocks * width * strengths * classes;
            return new Figures(width, rows, blocks, strengths, classes, gb / read, gb / pass, flops / pass / 1e9);
        }
    }

    private static double timeRead(NDManager root, List<NDArray> z) {
        long start = System.nanoTime();
        for (NDArray block : z) {
            try (NDManager m = root.newSubManager()) {
                block.tempAttach(m);
                block.sum(new int[] {0});
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static double timePass(NDManager root, SoftmaxProbe probe, List<NDArray> z, List<int[]> y) {
        long start = System.nanoTime();
        int[] all = java.util.stream.IntStream.range(0, probe.strengths()).toArray();
        float[] q = probe.params().toFloatArray();
        try (SoftmaxProbe.Fit fit = probe.fit(q, all, "states");
                SharedPass pass = new SharedPass(root, List.of(fit))) {
            for (int b = 0; b < z.size(); b++) {
                pass.accumulate(new StateBatch(java.util.Map.of("states", z.get(b)), y.get(b)));
            }
            NDArray[] sums = pass.sums(fit);
            probe.finish(fit, sums[0], sums[1], pass.samples(), q);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new LayerprobeException("bench pass: " + message);
        }
    }
}
