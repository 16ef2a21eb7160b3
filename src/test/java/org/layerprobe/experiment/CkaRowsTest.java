package org.layerprobe.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.layerprobe.TestData;
import org.layerprobe.metrics.GramMatrix;
import org.layerprobe.nets.ArchitectureSpec;
import org.layerprobe.results.MetricNames;
import org.layerprobe.results.ResultRow;
import org.layerprobe.results.RowIdentity;

class CkaRowsTest {

    /** Three points: a, b = 2a (the same representation), c unrelated. */
    private static Map<String, GramMatrix> grams(long seed) {
        double[][] a = TestData.gaussian(40, 5, seed);
        double[][] b = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            b[i] = java.util.Arrays.stream(a[i]).map(v -> 2 * v).toArray();
        }
        Map<String, GramMatrix> g = new LinkedHashMap<>();
        g.put("a", GramMatrix.of(a));
        g.put("b", GramMatrix.of(b));
        g.put("c", GramMatrix.of(TestData.gaussian(40, 5, seed + 100)));
        return g;
    }

    private static CkaRows.Network network(String activation, long seed, Map<String, GramMatrix> grams) {
        RunConfig c = new RunConfig(ArchitectureSpec.mlp(4), activation, seed);
        return new CkaRows.Network(
                RowIdentity.of("r", "mnist", "mlp-4", activation, seed).atCheckpoint(ResultRow.TRAINED),
                c,
                grams,
                Map.of("a", 0, "b", 1, "c", 2));
    }

    private static double value(List<ResultRow> rows, String activation, long seed, String point, String metric) {
        return rows.stream()
                .filter(r -> r.activation().equals(activation)
                        && r.seed() == seed
                        && r.point().equals(point)
                        && r.metric().equals(metric))
                .findFirst()
                .orElseThrow()
                .value();
    }

    @Test
    void withinANetworkEveryPairOfPointsHasARow() {
        List<ResultRow> rows = CkaRows.within(
                RowIdentity.of("r", "mnist", "mlp-4", "relu", 1).atCheckpoint(ResultRow.TRAINED),
                grams(1),
                List.of("a", "b", "c"),
                false);
        assertEquals(9, rows.size());
        assertEquals(1, value(rows, "relu", 1, "a", MetricNames.CKA_WITHIN_PREFIX + "b"), 1e-12);
        assertTrue(value(rows, "relu", 1, "a", MetricNames.CKA_WITHIN_PREFIX + "c") < 0.9);
    }

    @Test
    void acrossSeedsAndActivationsWithTheSanityCheck() {
        Map<String, GramMatrix> same = grams(1);
        List<CkaRows.Network> nets =
                List.of(network("relu", 1, same), network("relu", 2, same), network("tanh", 1, grams(7)));
        List<ResultRow> rows = CkaRows.across(nets, List.of(1L, 2L), false);
        assertEquals(1, value(rows, "relu", 1, "a", MetricNames.CKA_SEED_PREFIX + 2), 1e-12);
        assertEquals(1, value(rows, "relu", 2, "c", MetricNames.CKA_SEED_PREFIX + 1), 1e-12);
        // c's most similar point in the other seed's network is c itself; a ties with b (2a), and the
        // first found wins.
        assertEquals(1, value(rows, "relu", 1, "c", MetricNames.CKA_SEED_MATCH), 0);
        assertTrue(value(rows, "relu", 1, "a", MetricNames.CKA_ACTIVATION_PREFIX + "tanh") < 0.9);
        // Seed 2 is the last seed: it has no next seed to check against.
        assertTrue(rows.stream().noneMatch(r -> r.seed() == 2 && r.metric().equals(MetricNames.CKA_SEED_MATCH)));
        // Networks of different seeds and activations are not compared.
        assertTrue(rows.stream()
                .noneMatch(r -> r.activation().equals("tanh") && r.metric().equals(MetricNames.CKA_SEED_PREFIX + 2)));
    }
}
