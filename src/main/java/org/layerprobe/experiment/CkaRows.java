package org.layerprobe.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.layerprobe.metrics.GramMatrix;
import org.layerprobe.metrics.LinearCka;
import org.layerprobe.results.MetricNames;
import org.layerprobe.results.ResultRow;
import org.layerprobe.results.RowIdentity;

/**
 * Linear CKA as long-format rows: point x point within one network, and the same point across
 * seeds and across activations, with Kornblith's sanity check (is the most similar point of
 * another seed's network the same point?).
 */
final class CkaRows {

    private CkaRows() {}

    /** Every ordered pair of points of one network; {@code at} carries run, network and checkpoint. */
    static List<ResultRow> within(
            RowIdentity at, Map<String, GramMatrix> grams, List<String> networkPoints, boolean debiased) {
        List<ResultRow> rows = new ArrayList<>();
        for (Map.Entry<String, GramMatrix> a : grams.entrySet()) {
            RowIdentity p = at.atPoint(a.getKey(), networkPoints.indexOf(a.getKey()));
            for (Map.Entry<String, GramMatrix> b : grams.entrySet()) {
                rows.add(p.row(
                        MetricNames.CKA_WITHIN_PREFIX + b.getKey(),
                        LinearCka.of(a.getValue(), b.getValue(), debiased)));
            }
        }
        return rows;
    }

    /** A trained network with its Gram matrices, as the merge sees it. */
    record Network(RowIdentity id, RunConfig config, Map<String, GramMatrix> grams, Map<String, Integer> pointIndex) {}

    /**
     * Rows comparing each network with every other of the same architecture: same activation and
     * another seed ({@link MetricNames#CKA_SEED_PREFIX}, and {@link MetricNames#CKA_SEED_MATCH} against the
     * next seed of the spec), same seed and another activation ({@link MetricNames#CKA_ACTIVATION_PREFIX}).
     */
    static List<ResultRow> across(List<Network> networks, List<Long> seeds, boolean debiased) {
        List<ResultRow> rows = new ArrayList<>();
        for (Network a : networks) {
            for (Network b : networks) {
                if (a == b || !a.config().networkId().equals(b.config().networkId())) {
                    continue;
                }
                boolean sameActivation =
                        a.config().activation().equals(b.config().activation());
                boolean sameSeed = a.config().seed() == b.config().seed();
                if (sameActivation && !sameSeed) {
                    rows.addAll(samePoint(
                            a, b, MetricNames.CKA_SEED_PREFIX + b.config().seed(), debiased));
                    if (b.config().seed() == next(seeds, a.config().seed())) {
                        rows.addAll(match(a, b, debiased));
                    }
                } else if (sameSeed && !sameActivation) {
                    rows.addAll(samePoint(
                            a, b, MetricNames.CKA_ACTIVATION_PREFIX + b.config().activation(), debiased));
                }
            }
        }
        return rows;
    }

    private static List<ResultRow> samePoint(Network a, Network b, String metric, boolean debiased) {
        List<ResultRow> rows = new ArrayList<>();
        a.grams().forEach((p, g) -> {
            GramMatrix other = b.grams().get(p);
            if (other != null) {
                rows.add(at(a, p).row(metric, LinearCka.of(g, other, debiased)));
            }
        });
        return rows;
    }

    /** 1 where the point of {@code b} most similar to a point of {@code a} is that same point. */
    private static List<ResultRow> match(Network a, Network b, boolean debiased) {
        List<ResultRow> rows = new ArrayList<>();
        a.grams().forEach((p, g) -> {
            if (!b.grams().containsKey(p)) {
                return;
            }
            String best = null;
            double bestCka = Double.NEGATIVE_INFINITY;
            for (Map.Entry<String, GramMatrix> q : b.grams().entrySet()) {
                double c = LinearCka.of(g, q.getValue(), debiased);
                if (c > bestCka) {
                    bestCka = c;
                    best = q.getKey();
                }
            }
            rows.add(at(a, p).row(MetricNames.CKA_SEED_MATCH, p.equals(best) ? 1 : 0));
        });
        return rows;
    }

    private static RowIdentity at(Network n, String point) {
        return n.id().atPoint(point, n.pointIndex().getOrDefault(point, -1));
    }

    /** The seed after {@code seed} in the spec's list, or {@code seed} itself for the last. */
    private static long next(List<Long> seeds, long seed) {
        int i = seeds.indexOf(seed);
        return i >= 0 && i + 1 < seeds.size() ? seeds.get(i + 1) : seed;
    }
}
