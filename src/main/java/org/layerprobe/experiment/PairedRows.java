package org.layerprobe.experiment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.layerprobe.results.MetricNames;
import org.layerprobe.results.PredictionSet;
import org.layerprobe.results.Predictions;
import org.layerprobe.results.ResultRow;
import org.layerprobe.results.RowIdentity;
import org.layerprobe.stats.Holm;
import org.layerprobe.stats.PairedComparison;

/**
 * The paired comparisons a reader of a report makes, as rows: every probe against the point
 * before it and against the input (same network), trained against random init (same point), and
 * every two activations at the same point (trained). Probes of a report are scored on the same
 * test images, so each comparison is an exact McNemar test of the images one probe gets right and
 * the other wrong, summed over the seeds both sides have (a seed's networks are paired with the
 * same seed's). Each family is Holm-corrected over the whole report. Rows carry
 * {@link ResultRow#ALL_SEEDS}.
 */
public final class PairedRows {

    /**
     * One network's stored predictions and where its rows belong.
     *
     * @param points the probed points in forward order, each with its index in the network
     */
    public record Network(RowIdentity id, Map<String, Integer> points, PredictionSet predictions) {

        /** Its points from its rows: every point with a probe test error, in forward order. */
        public static Network of(RowIdentity id, List<ResultRow> rows, PredictionSet predictions) {
            Map<String, Integer> points = new LinkedHashMap<>();
            rows.stream()
                    .filter(r -> r.metric().equals(MetricNames.PROBE_TEST_ERROR))
                    .sorted(Comparator.comparingInt(ResultRow::pointIndex))
                    .forEach(r -> points.putIfAbsent(r.point(), r.pointIndex()));
            return new Network(id, points, predictions);
        }

        List<String> names() {
            return List.copyOf(points.keySet());
        }
    }

    private PairedRows() {}

    /**
     * One test; an activation pair is one test written at both activations' rows ({@code mirror},
     * with the other activation's name as its family), so Holm counts it once.
     */
    private record Test(
            RowIdentity at, String family, PairedComparison comparison, RowIdentity mirror, String mirrorFamily) {}

    /** The comparison rows of {@code networks} (the trained and init checkpoints of each). */
    public static List<ResultRow> of(List<Network> networks) {
        Map<List<Object>, List<Network>> bySeeds = new LinkedHashMap<>();
        for (Network n : networks) {
            bySeeds.computeIfAbsent(
                            List.of(n.id().run(), n.id().dataset(), n.id().architecture(), n.id().activation()),
                            k -> new ArrayList<>())
                    .add(n);
        }
        Map<String, List<Test>> families = new LinkedHashMap<>();
        for (List<Network> seeds : bySeeds.values()) {
            Network first = seeds.get(0);
            List<String> points = first.names();
            for (String checkpoint : List.of(ResultRow.TRAINED, ResultRow.INIT)) {
                for (int k = 1; k < points.size(); k++) {
                    RowIdentity at = pooled(
                            first.id(),
                            checkpoint,
                            points.get(k),
                            first.points().get(points.get(k)));
                    add(
                            families,
                            MetricNames.PAIRED_PREV,
                            at,
                            pooled(seeds, seeds, checkpoint, points.get(k), checkpoint, points.get(k - 1)));
                    add(
                            families,
                            MetricNames.PAIRED_INPUT,
                            at,
                            pooled(seeds, seeds, checkpoint, points.get(k), checkpoint, points.get(0)));
                }
            }
            for (int k = 0; k < points.size(); k++) {
                add(
                        families,
                        MetricNames.PAIRED_INIT,
                        pooled(
                                first.id(),
                                ResultRow.TRAINED,
                                points.get(k),
                                first.points().get(points.get(k))),
                        pooled(seeds, seeds, ResultRow.TRAINED, points.get(k), ResultRow.INIT, points.get(k)));
            }
        }
        List<List<Network>> groups = new ArrayList<>(bySeeds.values());
        for (int a = 0; a < groups.size(); a++) {
            for (int b = a + 1; b < groups.size(); b++) {
                Network x = groups.get(a).get(0);
                Network y = groups.get(b).get(0);
                if (!x.id().architecture().equals(y.id().architecture())
                        || !x.id().run().equals(y.id().run())
                        || !x.id().dataset().equals(y.id().dataset())) {
                    continue;
                }
                for (String point : x.names()) {
                    int k = x.points().get(point);
                    Optional<PairedComparison> c =
                            pooled(groups.get(a), groups.get(b), ResultRow.TRAINED, point, ResultRow.TRAINED, point);
                    RowIdentity atX = pooled(x.id(), ResultRow.TRAINED, point, k);
                    RowIdentity atY = pooled(y.id(), ResultRow.TRAINED, point, k);
                    c.ifPresent(t -> families.computeIfAbsent(MetricNames.PAIRED_VS, f -> new ArrayList<>())
                            .add(new Test(
                                    atX,
                                    MetricNames.PAIRED_VS + y.id().activation(),
                                    t,
                                    atY,
                                    MetricNames.PAIRED_VS + x.id().activation())));
                }
            }
        }
        return rows(families);
    }

    private static void add(
            Map<String, List<Test>> families, String family, RowIdentity at, Optional<PairedComparison> comparison) {
        comparison.ifPresent(
                c -> families.computeIfAbsent(family, f -> new ArrayList<>()).add(new Test(at, family, c, null, null)));
    }

    private static List<ResultRow> rows(Map<String, List<Test>> families) {
        List<ResultRow> rows = new ArrayList<>();
        families.values().forEach(tests -> {
            double[] adjusted = Holm.adjust(
                    tests.stream().mapToDouble(t -> t.comparison().pValue()).toArray());
            for (int i = 0; i < tests.size(); i++) {
                Test t = tests.get(i);
                double delta = t.comparison().errorDifference();
                rows.add(t.at().row(MetricNames.PAIRED_P_PREFIX + t.family(), adjusted[i]));
                rows.add(t.at().row(MetricNames.PAIRED_DELTA_PREFIX + t.family(), delta));
                if (t.mirror() != null) {
                    rows.add(t.mirror().row(MetricNames.PAIRED_P_PREFIX + t.mirrorFamily(), adjusted[i]));
                    rows.add(t.mirror().row(MetricNames.PAIRED_DELTA_PREFIX + t.mirrorFamily(), -delta));
                }
            }
        });
        return rows;
    }

    private static RowIdentity pooled(RowIdentity network, String checkpoint, String point, int index) {
        return new RowIdentity(
                network.run(),
                network.dataset(),
                network.architecture(),
                network.activation(),
                ResultRow.ALL_SEEDS,
                checkpoint,
                point,
                index);
    }

    /** The first side's probe against the second's, summed over the seeds both sides have. */
    private static Optional<PairedComparison> pooled(
            List<Network> first,
            List<Network> second,
            String checkpointA,
            String pointA,
            String checkpointB,
            String pointB) {
        PairedComparison sum = null;
        for (Network a : first) {
            for (Network b : second) {
                if (a.id().seed() != b.id().seed()) {
                    continue;
                }
                Optional<Predictions> pa = a.predictions().get(checkpointA, pointA);
                Optional<Predictions> pb = b.predictions().get(checkpointB, pointB);
                if (pa.isEmpty()
                        || pb.isEmpty()
                        || a.predictions().labels().length != b.predictions().labels().length) {
                    continue;
                }
                PairedComparison c = PairedComparison.of(
                        pa.get().correct(a.predictions().labels()),
                        pb.get().correct(b.predictions().labels()));
                sum = sum == null ? c : sum.plus(c);
            }
        }
        return Optional.ofNullable(sum);
    }
}
