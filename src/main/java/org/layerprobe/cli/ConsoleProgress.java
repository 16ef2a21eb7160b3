package org.layerprobe.cli;

import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.layerprobe.probe.ProbeMonitor;
import org.layerprobe.train.EpochStats;
import org.layerprobe.train.TrainingMonitor;

/** Progress bars on stderr for training epochs and probe phases; per-epoch lines on stdout. */
final class ConsoleProgress implements TrainingMonitor, ProbeMonitor {

    /** Wide enough for the probe fit's line (pass, probes left, worst gradient, ETA). */
    private static final int LINE_WIDTH = 150;

    private final PrintStream out;
    private final String prefix;
    private ProgressBar bar;
    private final ArrayDeque<double[]> history = new ArrayDeque<>();

    ConsoleProgress(PrintStream out, String prefix) {
        this.out = out;
        this.prefix = prefix;
    }

    private void open(String task, int steps) {
        close();
        bar = new ProgressBarBuilder()
                .setTaskName(prefix + task)
                .setInitialMax(steps < 0 ? -1 : Math.max(1, steps))
                .setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err, LINE_WIDTH))
                .setUpdateIntervalMillis(500)
                .continuousUpdate()
                .build();
    }

    void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    @Override
    public void onEpochStart(int epoch, int epochs, int batches) {
        open("train epoch " + epoch + "/" + epochs, batches);
    }

    @Override
    public void onBatch(int batch, double loss, double accuracy) {
        if (bar != null) {
            bar.stepTo(batch);
            bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4f acc %.1f%%", loss, 100 * accuracy));
        }
    }

    @Override
    public void onEpochEnd(EpochStats s) {
        close();
        out.printf(
                Locale.ROOT,
                "%sepoch %d: train loss %.4f, train acc %.2f%%, validation acc %.2f%%%n",
                prefix,
                s.epoch(),
                s.trainLoss(),
                100 * s.trainAccuracy(),
                100 * s.validationAccuracy());
    }

    @Override
    public void onWarning(String message) {
        close();
        out.println(prefix + "warning: " + message);
    }

    @Override
    public void onPhase(String phase, int steps) {
        open(phase, steps);
    }

    @Override
    public void onNote(String note) {
        close();
        out.println(prefix + note);
    }

    @Override
    public void onStep(int step) {
        if (bar != null) {
            bar.stepTo(step);
        }
    }

    /**
     * One live line for the whole probe fit: the bar counts passes (up to the cap), the message
     * gives the points left, the worst relative gradient against the target and an ETA
     * extrapolated from how fast that gradient has been falling (log-linear over the last passes).
     */
    @Override
    public void onSolverPass(int pass, int left, int points, double worst, double tolerance) {
        onSolverPass(pass, left, points, worst, tolerance, "rel. gradient");
    }

    @Override
    public void onSolverPass(int pass, int left, int points, double worst, double tolerance, String quantity) {
        long now = System.nanoTime();
        if (pass == 1) {
            history.clear();
        }
        if (bar == null) {
            return;
        }
        bar.stepTo(pass);
        String eta = "";
        if (Double.isFinite(worst) && worst > 0) {
            history.addLast(new double[] {now / 1e9, Math.log(worst)});
            while (history.size() > 12) {
                history.removeFirst();
            }
            double[] first = history.peekFirst();
            double rate = (first[1] - Math.log(worst)) / Math.max(1e-9, now / 1e9 - first[0]);
            if (history.size() >= 4 && rate > 0 && worst > tolerance) {
                eta = String.format(Locale.ROOT, ", ETA ~%.0f s", (Math.log(worst) - Math.log(tolerance)) / rate);
            }
        }
        bar.setExtraMessage(String.format(
                Locale.ROOT,
                " pass %d: %d of %d probes left, worst %s %s (target %.0e)%s",
                pass,
                left,
                points,
                quantity,
                Double.isNaN(worst) ? "-" : String.format(Locale.ROOT, "%.1e", worst),
                tolerance,
                eta));
    }

    @Override
    public void onPointDone(String point, int iterations, boolean beforeCap) {
        if (!beforeCap) {
            System.err.printf(
                    "%s%s: stopped at the pass cap (after %d iterations) before its stopping rule held%n",
                    prefix, point, iterations);
        }
    }
}
