package org.layerprobe.study;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.knowm.xchart.CategoryChart;
import org.layerprobe.data.DataSplits;
import org.layerprobe.data.ImageDatasets;
import org.layerprobe.data.LabeledData;
import org.layerprobe.data.fetch.DatasetFetcher;
import org.layerprobe.hooks.HookedForward;
import org.layerprobe.nets.Activations;
import org.layerprobe.nets.ArchitectureSpec;
import org.layerprobe.nets.Network;
import org.layerprobe.nets.NetworkBuilder;
import org.layerprobe.probe.LayerProber;
import org.layerprobe.probe.ProbeMonitor;
import org.layerprobe.probe.ProbeResult;
import org.layerprobe.probe.ProbeRun;
import org.layerprobe.probe.ProbeSettings;
import org.layerprobe.report.chart.ChartEncoder;
import org.layerprobe.report.chart.ChartImage;
import org.layerprobe.report.chart.StudyCharts;
import org.layerprobe.report.page.StudyPage;
import org.layerprobe.train.ModelTrainer;
import org.layerprobe.train.TrainSettings;
import org.layerprobe.train.TrainedModel;
import org.layerprobe.train.TrainingMonitor;

/**
 * A deep MLP with identity activations is one affine map: multiplying its Linear layers gives W'
 * and b' that reproduce its logits. Its probes cannot beat the input's (every hidden state is a
 * linear image of the input), unlike the same MLP with relu.
 */
final class LinearCollapseStudy {

    /** "Beyond noise": a hidden point may beat the input by at most this many percentage points. */
    static final double NOISE_POINTS = 0.5;

    private LinearCollapseStudy() {}

    /** The collapsed map: logits = x W'^T + b', W' of shape (classes, inputs), in float64. */
    record Affine(double[][] weight, double[] bias) {}

    /** One trained MLP, its collapse check and its probes. */
    record Net(
            String activation,
            double testAccuracy,
            double collapseMaxAbsDiff,
            double maxAbsLogit,
            Map<String, Double> probeError,
            Affine collapsed) {}

    record Result(Net identity, Net relu) {
        /** Largest amount (in percentage points) by which a hidden point of {@code net} beats the input. */
        static double bestGainOverInput(Net net) {
            double input = net.probeError().get(Network.INPUT);
            double gain = Double.NEGATIVE_INFINITY;
            for (Map.Entry<String, Double> e : net.probeError().entrySet()) {
                if (!e.getKey().equals(Network.INPUT)) {
                    gain = Math.max(gain, 100 * (input - e.getValue()));
                }
            }
            return gain;
        }
    }

    static Result compute(StudySpec.LinearCollapse spec, Consumer<String> log) {
        DatasetFetcher.fromEnvironment().fetch(spec.dataset(), log);
        DataSplits data = ImageDatasets.load(
                spec.dataset(), spec.validationSize(), spec.seed(), spec.trainLimit(), spec.testLimit());
        return compute(spec, data, log);
    }

    static Result compute(StudySpec.LinearCollapse spec, DataSplits data, Consumer<String> log) {
        return new Result(net(spec, data, "identity", log), net(spec, data, "relu", log));
    }

    private static Net net(StudySpec.LinearCollapse spec, DataSplits data, String activation, Consumer<String> log) {
        TrainSettings settings =
                new TrainSettings("adam", 1e-3, 0.9, spec.epochs(), 64, spec.validationSize(), spec.trainLimit());
        ArchitectureSpec arch = new ArchitectureSpec("mlp", spec.widths(), 0);
        Network network = NetworkBuilder.build(
                arch,
                Activations.get(activation),
                new Shape(data.train().sampleShape()),
                data.train().numClasses());
        try (TrainedModel trained = new ModelTrainer(settings, TrainingMonitor.NONE)
                .train(network, data, spec.seed(), spec.name() + "-" + activation)) {
            log.accept(String.format(
                    Locale.ROOT,
                    "%s: trained %s (test accuracy %.4f)",
                    spec.name(),
                    network.id(),
                    trained.result().testAccuracy()));
            Affine collapsed = collapse(network);
            double[] diff = compareLogits(
                    network, collapsed, data.test(), trained.model().getNDManager());
            log.accept(String.format(
                    Locale.ROOT,
                    "%s: %s collapsed map vs network logits: max |diff| %.3g",
                    spec.name(),
                    activation,
                    diff[0]));
            Map<String, Double> errors = new LinkedHashMap<>();
            ProbeRun run = new LayerProber(ProbeSettings.defaults().withMaxPasses(spec.maxPasses()), ProbeMonitor.NONE)
                    .probe(HookedForward.of(network), data, List.of());
            for (ProbeResult r : run.results()) {
                errors.put(r.point(), r.testError());
            }
            log.accept(String.format(
                    Locale.ROOT,
                    "%s: %s probed %d points in %.1f s; test error %s",
                    spec.name(),
                    activation,
                    errors.size(),
                    run.totalSeconds(),
                    errors.entrySet().stream()
                            .map(e -> e.getKey() + " " + pct(e.getValue()))
                            .toList()));
            return new Net(activation, trained.result().testAccuracy(), diff[0], diff[1], errors, collapsed);
        }
    }

    /**
     * Multiplies the network's Linear layers, first to last, in float64: with y = x W^T + b per
     * layer (DJL's weight is (out, in)), W' = W_L ... W_1 and b' = W_L(...(W_2 b_1 + b_2)...) + b_L.
     * Activations are skipped, so this is the network only when they are the identity.
     */
    static Affine collapse(Network network) {
        double[][] w = null;
        double[] b = null;
        for (Pair<String, Block> child : network.block().getChildren()) {
            if (!(child.getValue() instanceof Linear linear)) {
                continue;
            }
            NDArray wa = linear.getParameters().get("weight").getArray();
            int out = (int) wa.getShape().get(0);
            int in = (int) wa.getShape().get(1);
            double[][] wl = matrix(wa.toFloatArray(), out, in);
            float[] bl = linear.getParameters().get("bias").getArray().toFloatArray();
            if (w == null) {
                w = wl;
                b = new double[out];
                for (int o = 0; o < out; o++) {
                    b[o] = bl[o];
                }
                continue;
            }
            double[][] nw = new double[out][w[0].length];
            double[] nb = new double[out];
            for (int o = 0; o < out; o++) {
                nb[o] = bl[o];
                for (int k = 0; k < in; k++) {
                    double f = wl[o][k];
                    nb[o] += f * b[k];
                    double[] src = w[k];
                    double[] dst = nw[o];
                    for (int j = 0; j < dst.length; j++) {
                        dst[j] += f * src[j];
                    }
                }
            }
            w = nw;
            b = nb;
        }
        return new Affine(w, b);
    }

    /** {max |collapsed - network| over all test logits, max |network logit|}. */
    static double[] compareLogits(Network network, Affine affine, LabeledData test, NDManager parent) {
        HookedForward hooked = HookedForward.of(network);
        int d = test.sampleSize();
        double maxDiff = 0;
        double maxLogit = 0;
        int batch = 500;
        for (int from = 0; from < test.size(); from += batch) {
            int n = Math.min(batch, test.size() - from);
            try (NDManager m = parent.newSubManager()) {
                float[] x = new float[n * d];
                System.arraycopy(test.features(), from * d, x, 0, n * d);
                long[] shape = new long[test.sampleShape().length + 1];
                shape[0] = n;
                System.arraycopy(test.sampleShape(), 0, shape, 1, test.sampleShape().length);
                float[] logits = hooked.logits(m, m.create(x, new Shape(shape))).toFloatArray();
                int classes = affine.bias().length;
                for (int i = 0; i < n; i++) {
                    for (int c = 0; c < classes; c++) {
                        double z = affine.bias()[c];
                        double[] wc = affine.weight()[c];
                        for (int j = 0; j < d; j++) {
                            z += wc[j] * x[i * d + j];
                        }
                        double net = logits[i * classes + c];
                        maxDiff = Math.max(maxDiff, Math.abs(z - net));
                        maxLogit = Math.max(maxLogit, Math.abs(net));
                    }
                }
            }
        }
        return new double[] {maxDiff, maxLogit};
    }

    private static double[][] matrix(float[] flat, int rows, int cols) {
        double[][] m = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                m[r][c] = flat[r * cols + c];
            }
        }
        return m;
    }

    /** Computes the study and composes its page. */
    static StudyPage run(StudySpec.LinearCollapse spec, Consumer<String> log) {
        Result r = compute(spec, log);
        Net id = r.identity();
        Net relu = r.relu();
        StudyPage page = new StudyPage(
                "Linear collapse: a deep identity MLP is one affine map",
                "Does depth add anything when the activation is the identity? A " + arch(spec)
                        + " MLP on " + spec.dataset() + " is collapsed into one affine map and probed layer by"
                        + " layer next to the same MLP with relu.");
        page.paragraph(String.format(
                Locale.ROOT,
                "Setup: %s, first %d training images (%d held out for"
                        + " validation), first %d test images, %d epoch(s) of Adam (lr 1e-3, batch 64), seed %d;"
                        + " probes: LayerProber defaults with at most %d solver passes per probe.",
                spec.dataset(),
                spec.trainLimit(),
                spec.validationSize(),
                spec.testLimit(),
                spec.epochs(),
                spec.seed(),
                spec.maxPasses()));
        page.heading("The collapsed map");
        page.paragraph(String.format(
                Locale.ROOT,
                "Multiplying the trained Linear layers (DJL weight shape (out, in),"
                        + " y = x W^T + b) in float64 gives W' of shape %d x %d and b' of length %d. On the %d test"
                        + " images, x W'^T + b' reproduces the identity network's float32 logits to a max absolute"
                        + " difference of %.3g (largest |logit| %.3g). The same product for the relu network misses"
                        + " by %.3g: there the activations are not linear and the map does not collapse.",
                id.collapsed().weight().length,
                id.collapsed().weight()[0].length,
                id.collapsed().bias().length,
                spec.testLimit(),
                id.collapseMaxAbsDiff(),
                id.maxAbsLogit(),
                relu.collapseMaxAbsDiff()));
        List<List<String>> collapseRows = List.of(
                List.of("identity", sci(id.collapseMaxAbsDiff()), sci(id.maxAbsLogit()), pct(id.testAccuracy())),
                List.of("relu", sci(relu.collapseMaxAbsDiff()), sci(relu.maxAbsLogit()), pct(relu.testAccuracy())));
        page.table(
                "linear-collapse-logits",
                "Collapsed affine map against the network's logits (test subset)",
                List.of("activation", "max |x W'^T + b' - logits|", "max |logit|", "network test accuracy"),
                collapseRows);
        page.heading("Probes by depth");
        List<List<String>> rows = new ArrayList<>();
        for (String point : id.probeError().keySet()) {
            rows.add(List.of(
                    point,
                    pct(id.probeError().get(point)),
                    pct(relu.probeError().get(point))));
        }
        page.table("linear-collapse-probes", "Probe test error by point", List.of("point", "identity", "relu"), rows);
        double idGain = Result.bestGainOverInput(id);
        double reluGain = Result.bestGainOverInput(relu);
        page.paragraph(String.format(
                Locale.ROOT,
                "Reading: every hidden state of the identity MLP is a linear image of"
                        + " the input, so a linear probe on it can do no better than one on the input (up to probe"
                        + " noise). The best identity hidden point beats the input probe by %.2f points (the claim"
                        + " allows at most %.1f: %s). The relu MLP's best hidden point beats it by %.2f points (%s).",
                idGain,
                NOISE_POINTS,
                idGain <= NOISE_POINTS ? "holds" : "DOES NOT HOLD",
                reluGain,
                reluGain > 0 ? "its later layers improve on the input" : "no improvement in this small setting"));
        page.chart(chart(id, relu));
        return page;
    }

    private static ChartImage chart(Net id, Net relu) {
        List<String> points = new ArrayList<>(id.probeError().keySet());
        CategoryChart chart = StudyCharts.bars(900, 460, "Probe test error by point", "probe point", "test error (%)");
        // Probe point names are long; upright labels would overlap.
        chart.getStyler().setXAxisLabelRotation(30);
        chart.addSeries(
                "identity",
                points,
                points.stream().map(p -> 100 * id.probeError().get(p)).toList());
        chart.addSeries(
                "relu",
                points,
                points.stream().map(p -> 100 * relu.probeError().get(p)).toList());
        return ChartEncoder.encode(
                "linear-collapse-probes",
                "Probe test error by point",
                "Linear-probe test error at every point of the identity MLP and the relu MLP, side by side;"
                        + " lower is more linearly separable.",
                chart);
    }

    private static String arch(StudySpec.LinearCollapse spec) {
        return spec.widths().toString();
    }

    private static String sci(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }

    private static String pct(double v) {
        return XorStudy.pct(v);
    }
}
