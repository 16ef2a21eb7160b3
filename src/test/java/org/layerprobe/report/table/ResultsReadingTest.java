package org.layerprobe.report.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.layerprobe.report.SyntheticRows;
import org.layerprobe.results.ResultRow;

class ResultsReadingTest {

    private static final SeparabilityPanel PANEL =
            SeparabilitySummaries.of(SyntheticRows.rows()).get(0);

    private static double trained(String activation, String point) {
        return SyntheticRows.meanError(ResultRow.TRAINED, activation, point);
    }

    @Test
    void lastHiddenPointIsTheOneBeforeTheLogits() {
        assertEquals(
                "fc2.act", ResultsReading.lastHiddenPoint(PANEL).orElseThrow().name());
    }

    @Test
    void thresholdIsTheBestFinalErrorPlusOnePointAndNamesWhoReachesItFirst() {
        double best = Math.min(trained("relu", "logits"), trained("tanh", "logits"));
        String s = ResultsReading.threshold(PANEL).orElseThrow();
        assertTrue(s.startsWith("Threshold " + StatText.percent(best + 0.01) + "%"), s);
        // relu is within a point of the best from fc2.pre (point 4) on, tanh only at fc2.act.
        assertTrue(trained("relu", "fc1.act") > best + 0.01 && trained("relu", "fc2.pre") <= best + 0.01);
        assertTrue(s.contains("first reached by relu at fc2.pre (point 4 of 6)"), s);
        assertTrue(s.contains("then tanh at fc2.act"), s);
        assertTrue(s.contains("never reached by sigmoid"), s);
    }

    @Test
    void largestDropIsTheConsecutivePairWithTheHighestMeanDrop() {
        List<String> points = SyntheticRows.POINTS;
        int bestPair = -1;
        double bestDrop = Double.NEGATIVE_INFINITY;
        for (int i = 0; i + 1 < points.size(); i++) {
            double drop = 0;
            for (String a : SyntheticRows.ACTIVATIONS) {
                drop += (trained(a, points.get(i)) - trained(a, points.get(i + 1))) / SyntheticRows.ACTIVATIONS.size();
            }
            if (drop > bestDrop) {
                bestDrop = drop;
                bestPair = i;
            }
        }
        String s = ResultsReading.largestDrop(PANEL).orElseThrow();
        assertTrue(
                s.contains("from " + points.get(bestPair) + " to " + points.get(bestPair + 1) + ": "
                        + StatText.percent(bestDrop) + " points"),
                s);
    }

    @Test
    void netThatGainsNothingOverTheInputIsNamed() {
        String s = ResultsReading.gainOverInput(PANEL).orElseThrow();
        assertTrue(s.startsWith("No gain over the input probe at the last hidden point fc2.act"), s);
        assertTrue(
                s.contains(": sigmoid " + StatText.percent(trained("sigmoid", "input")) + "% → "
                        + StatText.percent(trained("sigmoid", "fc2.act")) + "%;"),
                s);
        assertTrue(s.contains("the others gain: relu"), s);
    }

    @Test
    void trainedVsInitComparesTheLastHiddenPoint() {
        String s = ResultsReading.trainedVsInit(PANEL).orElseThrow();
        double t = trained("relu", "fc2.act");
        double i = SyntheticRows.meanError(ResultRow.INIT, "relu", "fc2.act");
        assertTrue(
                s.startsWith("At fc2.act, training lowers the probe error below the random-init"
                        + " baseline for relu (" + StatText.percent(t) + "% trained vs "
                        + StatText.percent(i) + "% init, " + StatText.points(t - i) + " points)"),
                s);
    }

    @Test
    void modelAccuracyNamesHighestAndLowest() {
        String s = ResultsReading.modelAccuracy(PANEL).orElseThrow();
        assertTrue(s.contains("for relu (highest)") && s.contains("for sigmoid (lowest)"), s);
    }

    @Test
    void allConvergedIsSaidWithTheCount() {
        assertEquals("All 108 probe fits converged.", ResultsReading.convergence(PANEL));
    }

    /** Where fits record their certified gap, the reading names the largest. */
    @Test
    void theConvergenceSentenceNamesTheLargestCertifiedGap() {
        java.util.List<ResultRow> rows = new java.util.ArrayList<>(SyntheticRows.rows());
        ResultRow any = rows.stream()
                .filter(r -> r.metric().equals(org.layerprobe.results.MetricNames.PROBE_TEST_ERROR))
                .findFirst()
                .orElseThrow();
        rows.add(new ResultRow(
                any.run(),
                any.dataset(),
                any.architecture(),
                any.activation(),
                any.seed(),
                any.checkpoint(),
                any.point(),
                any.pointIndex(),
                org.layerprobe.results.MetricNames.PROBE_RELATIVE_GAP,
                7.25e-5));
        String s = ResultsReading.convergence(SeparabilitySummaries.of(rows).get(0));
        assertTrue(s.contains("largest bound on a fit's distance to its optimum is 7.3e-05 of its objective"), s);
    }
}
