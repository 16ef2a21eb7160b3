package org.layerprobe.study;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.layerprobe.data.DataSplits;
import org.layerprobe.data.LabeledData;
import org.layerprobe.data.SyntheticData;
import org.layerprobe.hooks.HookedForward;
import org.layerprobe.metrics.LeastSquares;
import org.layerprobe.nets.ActivationFunction;
import org.layerprobe.nets.Activations;
import org.layerprobe.nets.ArchitectureSpec;
import org.layerprobe.nets.Network;
import org.layerprobe.probe.LayerProber;
import org.layerprobe.probe.ProbeMonitor;
import org.layerprobe.probe.ProbeResult;
import org.layerprobe.probe.ProbeSettings;
import org.layerprobe.report.chart.ChartEncoder;
import org.layerprobe.report.chart.ChartImage;
import org.layerprobe.report.chart.StudyCharts;
import org.layerprobe.report.page.StudyPage;

/**
 * XOR with a 2-2-1 network without biases, trained with MSE on the four points: relu fits it,
 * identity cannot (it is one linear map), and the relu net's hidden state is linearly separable
 * while the input is not. Least squares with an intercept on the raw points predicts 0.5 everywhere.
 */
final class XorStudy {

    /** A prediction within this of its 0/1 target counts as fitted. */
    static final double FIT_TOLERANCE = 0.1;

    static final String HIDDEN = "hidden.act";

    private XorStudy() {}

    /** One trained 2-2-1 net. */
    record Net(
            String activation,
            long seed,
            int attempts,
            boolean fits,
            double loss,
            float[] w1,
            float[] w2,
            double[] predictions,
            double[][] hidden,
            Map<String, Double> probeAccuracy) {}

    /** Logistic regression on 2-D points: w1 x + w2 y + b = 0 is its decision line. */
    record Logistic(double w1, double w2, double b, double accuracy) {}

    /** Everything the page shows. */
    record Result(
            Net relu,
            Net identity,
            double[] regression,
            Logistic inputLine,
            Logistic reluLine,
            Logistic identityLine) {}

    static Result compute(StudySpec.Xor spec, Consumer<String> log) {
        LabeledData xor = SyntheticData.xor();
        Net relu = null;
        for (int a = 1; a <= spec.restarts(); a++) {
            relu = train(spec, "relu", spec.seed() + a - 1, a, xor);
            log.accept(String.format(
                    Locale.ROOT, "xor: relu seed %d -> loss %.4g, fits=%s", relu.seed(), relu.loss(), relu.fits()));
            if (relu.fits()) {
                break;
            }
        }
        Net identity = train(spec, "identity", relu.seed(), 1, xor);
        log.accept(String.format(Locale.ROOT, "xor: identity seed %d -> loss %.4g", identity.seed(), identity.loss()));
        double[][] inputs = points(xor);
        return new Result(
                relu,
                identity,
                leastSquares(inputs, targets(xor)),
                logistic(inputs, xor.labels()),
                logistic(relu.hidden(), xor.labels()),
                logistic(identity.hidden(), xor.labels()));
    }

    /** Trains one 2-2-1 bias-free net with full-batch Adam on MSE, then probes every point. */
    static Net train(StudySpec.Xor spec, String activation, long seed, int attempt, LabeledData xor) {
        ActivationFunction act = Activations.get(activation);
        SequentialBlock block = new SequentialBlock()
                .add(Linear.builder().setUnits(2).optBias(false).build())
                .add(act.block(HIDDEN))
                .add(Linear.builder().setUnits(1).optBias(false).build());
        Network network = Network.named(
                block, List.of("hidden.pre", HIDDEN, Network.LOGITS), new Shape(2), ArchitectureSpec.mlp(2), act);
        Engine.getInstance().setRandomSeed((int) seed);
        try (Model model = Model.newInstance("xor-" + activation)) {
            model.setBlock(block);
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss())
                    .optOptimizer(Optimizer.adam()
                            .optLearningRateTracker(Tracker.fixed((float) spec.learningRate()))
                            .build());
            NDManager m = model.getNDManager();
            NDArray x = m.create(xor.features(), new Shape(4, 2));
            NDArray y = m.create(targetsFloat(xor), new Shape(4, 1));
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(1, 2));
                for (int s = 0; s < spec.steps(); s++) {
                    try (GradientCollector gc = trainer.newGradientCollector()) {
                        NDList pred = trainer.forward(new NDList(x));
                        gc.backward(trainer.getLoss().evaluate(new NDList(y), pred));
                    }
                    trainer.step();
                }
            }
            double[] predictions = toDouble(block.forward(new ParameterStore(m, false), new NDList(x), false)
                    .singletonOrThrow()
                    .toFloatArray());
            double loss = 0;
            boolean fits = true;
            for (int i = 0; i < 4; i++) {
                double err = predictions[i] - xor.labels()[i];
                loss += err * err / 4;
                fits &= Math.abs(err) < FIT_TOLERANCE;
            }
            float[] w1 = block.getChildren()
                    .get(0)
                    .getValue()
                    .getParameters()
                    .get("weight")
                    .getArray()
                    .toFloatArray();
            float[] w2 = block.getChildren()
                    .get(2)
                    .getValue()
                    .getParameters()
                    .get("weight")
                    .getArray()
                    .toFloatArray();
            HookedForward hooked = HookedForward.of(network);
            double[][] hidden = new double[4][];
            float[] h = hooked.run(m, x, Set.of(HIDDEN)).get(HIDDEN).toFloatArray();
            for (int i = 0; i < 4; i++) {
                hidden[i] = new double[] {h[2 * i], h[2 * i + 1]};
            }
            DataSplits splits = new DataSplits("xor", xor, xor, xor, Map.of());
            Map<String, Double> probes = new LinkedHashMap<>();
            for (ProbeResult r : new LayerProber(ProbeSettings.defaults(), ProbeMonitor.NONE)
                    .probe(hooked, splits, List.of())
                    .results()) {
                probes.put(r.point(), r.testAccuracy());
            }
            return new Net(activation, seed, attempt, fits, loss, w1, w2, predictions, hidden, probes);
        }
    }

    /** Ordinary least squares with an intercept (the project's QR solver); returns the fitted values. */
    static double[] leastSquares(double[][] x, double[] y) {
        int n = x.length;
        double[][] design = new double[n][];
        for (int i = 0; i < n; i++) {
            design[i] = new double[x[i].length + 1];
            design[i][0] = 1;
            System.arraycopy(x[i], 0, design[i], 1, x[i].length);
        }
        double[] w = LeastSquares.solve(design, y);
        double[] fitted = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < w.length; j++) {
                fitted[i] += design[i][j] * w[j];
            }
        }
        return fitted;
    }

    /** Binary logistic regression by gradient descent with a small L2 penalty (separable data stays finite). */
    static Logistic logistic(double[][] x, int[] y) {
        double w1 = 0;
        double w2 = 0;
        double b = 0;
        double l2 = 1e-3;
        for (int it = 0; it < 20000; it++) {
            double g1 = l2 * w1;
            double g2 = l2 * w2;
            double gb = 0;
            for (int i = 0; i < x.length; i++) {
                double p = 1 / (1 + Math.exp(-(w1 * x[i][0] + w2 * x[i][1] + b)));
                double e = (p - y[i]) / x.length;
                g1 += e * x[i][0];
                g2 += e * x[i][1];
                gb += e;
            }
            w1 -= 0.5 * g1;
            w2 -= 0.5 * g2;
            b -= 0.5 * gb;
        }
        int correct = 0;
        for (int i = 0; i < x.length; i++) {
            double z = w1 * x[i][0] + w2 * x[i][1] + b;
            correct += (z > 1e-9 ? 1 : 0) == y[i] ? 1 : 0;
        }
        return new Logistic(w1, w2, b, (double) correct / x.length);
    }

    /** Computes the study and composes its page. */
    static StudyPage run(StudySpec.Xor spec, Consumer<String> log) {
        Result r = compute(spec, log);
        LabeledData xor = SyntheticData.xor();
        double[][] in = points(xor);
        StudyPage page = new StudyPage(
                "XOR: what one hidden nonlinearity buys",
                "Can a 2-2-1 network without biases fit XOR with MSE, and is its hidden state linearly"
                        + " separable where the input is not? Relu against identity.");
        page.paragraph(String.format(
                Locale.ROOT,
                "Relu net: %s after %d attempt(s) (seeds %d..%d, %d full-batch"
                        + " Adam steps each, lr %s); a relu net without biases can get stuck with dead units, so"
                        + " seeds are tried in order and the first that fits (every |prediction - target| < %.1f)"
                        + " is kept. Identity net: the same seed; it computes one linear map x -> w2 W1 x, which"
                        + " cannot fit XOR (its least-squares optimum predicts 1/3, 1/3, 2/3 on the three non-zero"
                        + " points).",
                r.relu().fits() ? "fits" : "did NOT fit",
                r.relu().attempts(),
                spec.seed(),
                r.relu().seed(),
                spec.steps(),
                spec.learningRate(),
                FIT_TOLERANCE));
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            rows.add(List.of(
                    fmt(in[i][0], 0) + ", " + fmt(in[i][1], 0),
                    String.valueOf(xor.labels()[i]),
                    fmt(r.relu().predictions()[i], 4),
                    fmt(r.identity().predictions()[i], 4),
                    fmt(r.regression()[i], 6)));
        }
        page.table(
                "xor-predictions",
                "Predictions on the four XOR points",
                List.of("x", "target", "relu net", "identity net", "least squares (intercept)"),
                rows);
        page.paragraph("Least squares with an intercept on the raw points predicts 0.5 for every point: the best"
                + " affine fit to XOR is the constant mean.");
        List<List<String>> probeRows = new ArrayList<>();
        for (String point : r.relu().probeAccuracy().keySet()) {
            probeRows.add(List.of(
                    point,
                    pct(r.relu().probeAccuracy().get(point)),
                    pct(r.identity().probeAccuracy().getOrDefault(point, Double.NaN))));
        }
        page.table(
                "xor-probes",
                "Linear-probe accuracy on the four points (LayerProber, train = val = test)",
                List.of("point", "relu net", "identity net"),
                probeRows);
        page.heading("Learned weights");
        page.pre(weights(r.relu()) + "\n" + weights(r.identity()));
        page.heading("Pictures");
        page.chart(plane(
                "xor-input",
                "Input plane",
                in,
                xor.labels(),
                r.inputLine(),
                "x1",
                "x2",
                "The four inputs coloured by class. A logistic regression finds no line (its best fit is the"
                        + " constant p = 0.5, accuracy " + pct(r.inputLine().accuracy()) + "); no line does better"
                        + " than 3 of 4."));
        page.chart(plane(
                "xor-hidden-relu",
                "Hidden state, relu net",
                r.relu().hidden(),
                xor.labels(),
                r.reluLine(),
                "h1",
                "h2",
                "The relu hidden state of each input; the line is a logistic-regression probe's decision"
                        + " boundary (accuracy " + pct(r.reluLine().accuracy()) + ")."));
        page.chart(plane(
                "xor-hidden-identity",
                "Hidden state, identity net",
                r.identity().hidden(),
                xor.labels(),
                r.identityLine(),
                "h1",
                "h2",
                "The identity net's hidden state is a linear image of the input,"
                        + " so XOR stays inseparable (probe accuracy "
                        + pct(r.identityLine().accuracy()) + ")."));
        return page;
    }

    private static String weights(Net n) {
        float[] w = n.w1();
        return String.format(
                Locale.ROOT,
                "%s net (seed %d, MSE %.3g):%n  W1 (hidden x input) = [[%.4f, %.4f],"
                        + " [%.4f, %.4f]]%n  w2 (output x hidden) = [%.4f, %.4f]%n",
                n.activation(),
                n.seed(),
                n.loss(),
                w[0],
                w[1],
                w[2],
                w[3],
                n.w2()[0],
                n.w2()[1]);
    }

    private static ChartImage plane(
            String id,
            String title,
            double[][] p,
            int[] labels,
            Logistic line,
            String xTitle,
            String yTitle,
            String caption) {
        double lo = -0.5;
        double hi = 1.5;
        for (double[] q : p) {
            lo = Math.min(lo, Math.min(q[0], q[1]) - 0.5);
            hi = Math.max(hi, Math.max(q[0], q[1]) + 0.5);
        }
        XYChart chart = StudyCharts.xy(520, 440, title, xTitle, yTitle);
        chart.getStyler().setXAxisMin(lo).setXAxisMax(hi).setYAxisMin(lo).setYAxisMax(hi);
        chart.getStyler().setMarkerSize(12);
        for (int c = 0; c < 2; c++) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (int i = 0; i < p.length; i++) {
                if (labels[i] == c) {
                    xs.add(p[i][0]);
                    ys.add(p[i][1]);
                }
            }
            XYSeries s = chart.addSeries("class " + c, xs, ys);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            s.setMarker(c == 0 ? SeriesMarkers.CIRCLE : SeriesMarkers.DIAMOND);
        }
        if (Math.abs(line.w1()) + Math.abs(line.w2()) > 1e-6) {
            double[] lx = new double[2];
            double[] ly = new double[2];
            boolean steep = Math.abs(line.w2()) < Math.abs(line.w1());
            for (int i = 0; i < 2; i++) {
                double t = i == 0 ? lo : hi;
                if (steep) {
                    ly[i] = t;
                    lx[i] = -(line.b() + line.w2() * t) / line.w1();
                } else {
                    lx[i] = t;
                    ly[i] = -(line.b() + line.w1() * t) / line.w2();
                }
            }
            XYSeries s = chart.addSeries("probe boundary", lx, ly);
            s.setMarker(SeriesMarkers.NONE);
        }
        return ChartEncoder.encode(id, title, caption, chart);
    }

    static double[][] points(LabeledData d) {
        double[][] p = new double[d.size()][2];
        for (int i = 0; i < d.size(); i++) {
            p[i][0] = d.features()[2 * i];
            p[i][1] = d.features()[2 * i + 1];
        }
        return p;
    }

    private static double[] targets(LabeledData d) {
        double[] t = new double[d.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = d.labels()[i];
        }
        return t;
    }

    private static float[] targetsFloat(LabeledData d) {
        float[] t = new float[d.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = d.labels()[i];
        }
        return t;
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    static String fmt(double v, int digits) {
        return String.format(Locale.ROOT, "%." + digits + "f", v);
    }

    static String pct(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }
}
