package org.layerprobe.report;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.layerprobe.results.MetricNames;
import org.layerprobe.results.ResultRow;

/**
 * A small result set with known answers: an MLP on a toy dataset, three activations, three seeds,
 * trained and random-init checkpoints. relu and tanh get better with depth; sigmoid gains nothing
 * over the input. Tests compute their expected numbers from {@link #error} and
 * {@link #modelAccuracy}, the same functions the rows are made of.
 */
public final class SyntheticRows {

    static final String RUN = "toy-run";
    public static final String DATASET = "toy";
    static final String ARCH = "mlp-32-16";
    public static final List<String> POINTS = List.of("input", "fc1.pre", "fc1.act", "fc2.pre", "fc2.act", "logits");
    static final List<Integer> DIMS = List.of(64, 32, 32, 16, 16, 4);
    public static final List<String> ACTIVATIONS = List.of("relu", "tanh", "sigmoid");
    public static final long[] SEEDS = {11, 22, 33};

    private static final double[][] TRAINED = {
        {0.120, 0.080, 0.040, 0.030, 0.020, 0.021}, // relu: largest drop fc1.pre -> fc1.act
        {0.120, 0.095, 0.060, 0.045, 0.030, 0.028}, // tanh
        {0.120, 0.118, 0.121, 0.119, 0.122, 0.124}, // sigmoid: no gain over input
    };
    private static final double[][] INIT = {
        {0.120, 0.110, 0.100, 0.105, 0.100, 0.150},
        {0.120, 0.112, 0.108, 0.110, 0.109, 0.160},
        {0.120, 0.125, 0.130, 0.140, 0.150, 0.300},
    };
    /** Per-seed offsets, different per activation so stds differ. */
    private static final double[] JITTER = {-0.004, 0.001, 0.006};

    private static final double[] MODEL = {0.981, 0.972, 0.880};

    private SyntheticRows() {}

    /** Probe test error of one fit. */
    public static double error(String checkpoint, String activation, String point, long seed) {
        int a = ACTIVATIONS.indexOf(activation);
        int p = POINTS.indexOf(point);
        double base = (ResultRow.TRAINED.equals(checkpoint) ? TRAINED : INIT)[a][p];
        // The input is the same data for every checkpoint; its probe does not depend on the net.
        double scale = p == 0 ? 0.25 : (a + 1) * 0.5;
        return base + scale * JITTER[seedIndex(seed)];
    }

    /** The model's own test accuracy for one seed. */
    public static double modelAccuracy(String activation, long seed) {
        return MODEL[ACTIVATIONS.indexOf(activation)] + 0.5 * JITTER[seedIndex(seed)];
    }

    /** All rows: error, convergence, dimension per fit, model accuracy per trained network. */
    public static List<ResultRow> rows() {
        return rows(RUN, ARCH);
    }

    public static List<ResultRow> rows(String run, String arch) {
        List<ResultRow> rows = new ArrayList<>();
        for (String a : ACTIVATIONS) {
            for (long seed : SEEDS) {
                for (String checkpoint : List.of(ResultRow.TRAINED, ResultRow.INIT)) {
                    for (int p = 0; p < POINTS.size(); p++) {
                        String point = POINTS.get(p);
                        rows.add(row(run, arch, a, seed, checkpoint, point, p, MetricNames.DIMENSION, DIMS.get(p)));
                        rows.add(row(
                                run,
                                arch,
                                a,
                                seed,
                                checkpoint,
                                point,
                                p,
                                MetricNames.PROBE_TEST_ERROR,
                                error(checkpoint, a, point, seed)));
                        rows.add(row(run, arch, a, seed, checkpoint, point, p, MetricNames.PROBE_CONVERGED, 1));
                    }
                }
                rows.add(row(
                        run,
                        arch,
                        a,
                        seed,
                        ResultRow.TRAINED,
                        ResultRow.MODEL_POINT,
                        -1,
                        MetricNames.MODEL_TEST_ACCURACY,
                        modelAccuracy(a, seed)));
            }
        }
        return rows;
    }

    /** Mean over seeds of {@link #error}. */
    public static double meanError(String checkpoint, String activation, String point) {
        double sum = 0;
        for (long s : SEEDS) {
            sum += error(checkpoint, activation, point, s);
        }
        return sum / SEEDS.length;
    }

    /** Sample standard deviation over seeds of {@link #error}, computed independently. */
    public static double stdError(String checkpoint, String activation, String point) {
        double mean = meanError(checkpoint, activation, point);
        double ss = 0;
        for (long s : SEEDS) {
            double d = error(checkpoint, activation, point, s) - mean;
            ss += d * d;
        }
        return Math.sqrt(ss / (SEEDS.length - 1));
    }

    /** Rows with every row matching {@code which} replaced by {@code change(row)}. */
    public static List<ResultRow> replace(
            List<ResultRow> rows, Predicate<ResultRow> which, UnaryOperator<ResultRow> change) {
        return rows.stream().map(r -> which.test(r) ? change.apply(r) : r).toList();
    }

    /** Matches the row of one fit's metric. */
    public static Predicate<ResultRow> fit(
            String activation, String checkpoint, String point, long seed, String metric) {
        return r -> r.activation().equals(activation)
                && r.checkpoint().equals(checkpoint)
                && r.point().equals(point)
                && r.seed() == seed
                && r.metric().equals(metric);
    }

    public static ResultRow withValue(ResultRow r, double value) {
        return new ResultRow(
                r.run(),
                r.dataset(),
                r.architecture(),
                r.activation(),
                r.seed(),
                r.checkpoint(),
                r.point(),
                r.pointIndex(),
                r.metric(),
                value);
    }

    private static ResultRow row(
            String run,
            String arch,
            String activation,
            long seed,
            String checkpoint,
            String point,
            int index,
            String metric,
            double value) {
        return new ResultRow(run, DATASET, arch, activation, seed, checkpoint, point, index, metric, value);
    }

    private static int seedIndex(long seed) {
        for (int i = 0; i < SEEDS.length; i++) {
            if (SEEDS[i] == seed) {
                return i;
            }
        }
        throw new IllegalArgumentException("unknown seed " + seed);
    }

    /** The cells of the Markdown table row whose first cell is {@code label}. */
    public static List<String> markdownRow(String markdown, String label) {
        for (String line : markdown.split("\n")) {
            if (line.startsWith("| " + label + " |") || line.startsWith("| **" + label + "** |")) {
                String inner = line.substring(2, line.length() - 2);
                return List.of(inner.split(" \\| ", -1));
            }
        }
        throw new AssertionError("no Markdown row '" + label + "' in:\n" + markdown);
    }
}
