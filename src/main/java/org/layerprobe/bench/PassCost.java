package org.layerprobe.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleSupplier;
import java.util.stream.IntStream;
import org.layerprobe.LayerprobeException;
import org.layerprobe.probe.solver.PassWork;
import org.layerprobe.probe.solver.SharedPass;
import org.layerprobe.probe.solver.SoftmaxProbe;
import org.layerprobe.probe.states.FeatureStats;
import org.layerprobe.probe.states.MemoryBudget;
import org.layerprobe.probe.states.StateBatch;

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
     * the best of the repeats; {@code passGflops} counts the probe's own columns over the whole
     * pass (folding the weights and finishing the gradient included), {@code work} the padded
     * columns the products compute, over the time of the best pass's products and residuals; {@code bare} the
     * same two products alone ({@code z W} and {@code z^T R} at the pass's padded columns, nothing
     * between them), the best this engine does for the pass's shape; {@code roofline} the float32
     * GEMM peak and the plain read, timed between the passes.
     */
    public record Figures(
            long width,
            int rows,
            int blocks,
            int strengths,
            int classes,
            double readRate,
            double passRate,
            double passGflops,
            PassWork work,
            PassWork bare,
            Roofline roofline) {

        /** Gigabytes of states timed per repeat. */
        public double gigabytes() {
            return 4.0 * rows * blocks * width / 1e9;
        }

        /** Seconds one pass over {@code samples} states of this width takes at the measured rate. */
        public double secondsPerPass(long samples) {
            return 4.0 * samples * width / 1e9 / passRate;
        }
    }

    /** Measures both ceilings: a square product of {@code gemmSize}, a read of states {@code width} wide. */
    public static Roofline roofline(int gemmSize, long width, int rows, int blocks, int repeats) {
        return new Roofline(gemmPeak(gemmSize, repeats, DataType.FLOAT32), readRate(width, rows, blocks, repeats, 0));
    }

    /**
     * The machine's float32 matrix-product peak through the same engine and threads as the solver's
     * passes: the best of {@code repeats} timed products of two {@code size} x {@code size} random
     * matrices (after one untimed product), in GFLOPS ({@code 2 size^3} per product). With the
     * plain-read rate of {@link #measure} it is the roofline a pass is judged against.
     */
    public static double gemmPeak(int size, int repeats, DataType type) {
        check(size >= 1 && repeats >= 1, "the product size and repeats must be at least 1");
        try (NDManager root = NDManager.newBaseManager()) {
            NDArray[] ab = squares(root, size, type);
            return gemmFlops(size) / bestOf(repeats, () -> timeGemm(root, ab)) / 1e9;
        }
    }

    private static NDArray[] squares(NDManager root, int size, DataType type) {
        Shape shape = new Shape(size, size);
        return new NDArray[] {
            root.randomUniform(0, 1, shape).toType(type, false),
            root.randomUniform(0, 1, shape).toType(type, false)
        };
    }

    private static double gemmFlops(int size) {
        return 2.0 * size * size * size;
    }

    private static double timeGemm(NDManager root, NDArray[] ab) {
        try (NDManager m = root.newSubManager()) {
            ab[0].tempAttach(m);
            long start = System.nanoTime();
            ab[0].matMul(ab[1]);
            return (System.nanoTime() - start) / 1e9;
        }
    }

    /**
     * Times the pass for a probe fitting {@code strengths} L2 strengths of a {@code classes}-way
     * task at once, over {@code blocks} blocks of {@code rows} x {@code width} states. Each repeat
     * also times a plain read of the blocks and a float32 product of two {@code gemmSize} squares,
     * so the roofline's two ceilings are measured in the same moments as the pass (the machine is
     * shared, and a ceiling taken a minute apart can sit below the pass it bounds).
     */
    public static Figures measure(
            long width, int rows, int blocks, int strengths, int classes, int repeats, int gemmSize, long seed) {
        check(
                strengths >= 1 && classes >= 2 && repeats >= 1,
                "strengths and repeats must be at least 1 and classes at least 2");
        Random random = new Random(seed);
        try (NDManager root = NDManager.newBaseManager()) {
            List<NDArray> z = states(root, width, rows, blocks, seed);
            List<int[]> y = new ArrayList<>();
            FeatureStats stats = new FeatureStats(width);
            for (NDArray block : z) {
                y.add(random.ints(rows, 0, classes).toArray());
                stats.add(block, y.get(y.size() - 1), classes);
            }
            List<Double> l2 = new ArrayList<>();
            for (int j = 0; j < strengths; j++) {
                l2.add(Math.pow(10, -4 + j));
            }
            NDArray[] ab = squares(root, gemmSize, DataType.FLOAT32);
            long columns = SharedPass.paddedColumns((long) strengths * classes);
            NDArray[] wr = {
                root.randomUniform(0, 1, new Shape(width, columns)), root.randomUniform(0, 1, new Shape(rows, columns))
            };
            double read = Double.MAX_VALUE;
            double pass = Double.MAX_VALUE;
            double gemm = Double.MAX_VALUE;
            double products = Double.MAX_VALUE;
            PassWork work = PassWork.NONE;
            try (SoftmaxProbe probe = new SoftmaxProbe(root, stats, l2, classes, null)) {
                // One untimed round first: the first calls pay for native warm-up.
                for (int r = 0; r <= repeats; r++) {
                    double tr = timeRead(root, z);
                    long start = System.nanoTime();
                    PassWork w = timePass(root, probe, z, y);
                    double tp = (System.nanoTime() - start) / 1e9;
                    double tb = timeProducts(root, z, wr);
                    double tg = timeGemm(root, ab);
                    if (r > 0) {
                        read = Math.min(read, tr);
                        work = tp < pass ? w : work;
                        pass = Math.min(pass, tp);
                        products = Math.min(products, tb);
                        gemm = Math.min(gemm, tg);
                    }
                }
            }
            double gb = 4.0 * rows * blocks * width / 1e9;
            double flops = 4.0 * rows * blocks * width * strengths * classes;
            double paddedFlops = 4.0 * rows * blocks * width * columns;
            return new Figures(
                    width,
                    rows,
                    blocks,
                    strengths,
                    classes,
                    gb / read,
                    gb / pass,
                    flops / pass / 1e9,
                    work,
                    new PassWork(paddedFlops, flops, gb * 1e9, products),
                    new Roofline(gemmFlops(gemmSize) / gemm / 1e9, gb / read));
        }
    }

    /**
     * The plain-read rate of float32 states (column sums of {@code blocks} blocks of {@code rows} x
     * {@code width}), GB/s, the best of {@code repeats} after one untimed read.
     */
    public static double readRate(long width, int rows, int blocks, int repeats, long seed) {
        try (NDManager root = NDManager.newBaseManager()) {
            List<NDArray> z = states(root, width, rows, blocks, seed);
            return 4.0 * rows * blocks * width / 1e9 / bestOf(repeats, () -> timeRead(root, z));
        }
    }

    /** The least of {@code repeats} timings, after one untimed call that pays for native warm-up. */
    private static double bestOf(int repeats, DoubleSupplier seconds) {
        seconds.getAsDouble();
        double best = Double.MAX_VALUE;
        for (int r = 0; r < repeats; r++) {
            best = Math.min(best, seconds.getAsDouble());
        }
        return best;
    }

    private static List<NDArray> states(NDManager root, long width, int rows, int blocks, long seed) {
        check(width >= 1 && rows >= 1 && blocks >= 1, "width, rows and blocks must be at least 1");
        long bytes = 4L * rows * blocks * width;
        check(
                bytes <= MAX_BYTES,
                "the blocks would take " + MemoryBudget.format(bytes) + ", more than the "
                        + MemoryBudget.format(MAX_BYTES) + " this benchmark allows; use fewer or smaller blocks");
        Engine.getInstance().setRandomSeed((int) seed);
        List<NDArray> z = new ArrayList<>();
        for (int b = 0; b < blocks; b++) {
            z.add(root.randomUniform(0, 1, new Shape(rows, width)));
        }
        return z;
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

    /**
     * Times the pass's two products alone over every block, {@code z W} and {@code z^T R} with
     * {@code wr = {W, R}} at the padded columns, in the layouts {@link SharedPass} uses: the most
     * a pass of this shape could do if nothing but its products took time.
     */
    private static double timeProducts(NDManager root, List<NDArray> z, NDArray[] wr) {
        long start = System.nanoTime();
        for (NDArray block : z) {
            try (NDManager m = root.newSubManager()) {
                block.tempAttach(m);
                block.matMul(wr[0]);
                block.transpose().matMul(wr[1]);
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static PassWork timePass(NDManager root, SoftmaxProbe probe, List<NDArray> z, List<int[]> y) {
        int[] all = IntStream.range(0, probe.strengths()).toArray();
        float[] q = probe.params().toFloatArray();
        try (SoftmaxProbe.Fit fit = probe.fit(q, all, "states");
                SharedPass pass = new SharedPass(root, List.of(fit))) {
            for (int b = 0; b < z.size(); b++) {
                pass.accumulate(new StateBatch(Map.of("states", z.get(b)), y.get(b)));
            }
            NDArray[] sums = pass.sums(fit);
            probe.finish(fit, sums[0], sums[1], pass.samples(), q);
            return pass.work(fit);
        }
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new LayerprobeException("bench pass: " + message);
        }
    }
}
