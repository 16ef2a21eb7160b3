package org.layerprobe.experiment;

import java.util.ArrayList;
import java.util.List;
import org.layerprobe.probe.ProbeResult;
import org.layerprobe.results.MetricNames;
import org.layerprobe.results.ResultRow;
import org.layerprobe.results.RowIdentity;
import org.layerprobe.stats.ErrorIntervals;
import org.layerprobe.stats.Interval;

/** Turns probe results and model metrics into long-format {@link ResultRow}s. */
public final class ProbeRows {

    private ProbeRows() {}

    /** One row per (point, metric) for the probes of one network at one checkpoint. */
    public static List<ResultRow> of(RowIdentity id, String checkpoint, List<ProbeResult> results) {
        List<ResultRow> rows = new ArrayList<>();
        for (ProbeResult r : results) {
            RowIdentity at = id.atCheckpoint(checkpoint).atPoint(r.point(), r.pointIndex());
            Row add = (metric, value) -> rows.add(at.row(metric, value));
            add.put(MetricNames.DIMENSION, r.dimension());
            add.put(MetricNames.PROBE_FEATURES, r.features());
            add.put(MetricNames.PROBE_TRAIN_ACCURACY, r.trainAccuracy());
            add.put(MetricNames.PROBE_VAL_ACCURACY, r.validationAccuracy());
            add.put(MetricNames.PROBE_TEST_ACCURACY, r.testAccuracy());
            add.put(MetricNames.PROBE_TEST_ERROR, r.testError());
            add.put(MetricNames.PROBE_TEST_XENT, r.testCrossEntropy());
            add.put(MetricNames.PROBE_L2, r.l2());
            add.put(MetricNames.PROBE_LBFGS_ITERATIONS, r.lbfgsIterations());
            add.put(MetricNames.PROBE_CONVERGED, r.converged() ? 1 : 0);
            add.put(MetricNames.PROBE_RELATIVE_GRADIENT, r.relativeGradient());
            add.put(MetricNames.PROBE_SECONDS, r.seconds());
            add.put(MetricNames.PROBE_PASSES, r.passes());
            add.put(MetricNames.PROBE_PRECONDITIONER_RANK, r.preconditionerRank());
            add.put(MetricNames.PROBE_OBJECTIVE, r.objective());
            // Without an L2 penalty no bound exists: NaN (an empty CSV field), not infinity.
            add.put(MetricNames.PROBE_GAP_BOUND, Double.isFinite(r.gapBound()) ? r.gapBound() : Double.NaN);
            add.put(MetricNames.PROBE_RELATIVE_GAP, Double.isFinite(r.relativeGap()) ? r.relativeGap() : Double.NaN);
            int n = r.testPredictions() == null ? 0 : r.testPredictions().size();
            if (n > 0) {
                add.put(MetricNames.PROBE_TEST_IMAGES, n);
                Interval ci = ErrorIntervals.wilson(Math.round(r.testError() * n), n);
                add.put(MetricNames.PROBE_TEST_ERROR_LOW, ci.low());
                add.put(MetricNames.PROBE_TEST_ERROR_HIGH, ci.high());
            }
        }
        return rows;
    }

    /** The model's own test accuracy as a row at the {@code model} point. */
    public static ResultRow modelAccuracy(RowIdentity id, String checkpoint, double accuracy) {
        return id.atCheckpoint(checkpoint).row(MetricNames.MODEL_TEST_ACCURACY, accuracy);
    }

    @FunctionalInterface
    private interface Row {
        void put(String metric, double value);
    }
}
