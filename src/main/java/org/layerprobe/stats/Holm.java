package org.layerprobe.stats;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Holm's step-down correction (Scand. J. Statist. 6, 1979): controls the family-wise error rate
 * of a family of tests at level alpha without assuming independence. Neither Commons Statistics
 * nor Commons Math offers it; it is the sort and running maximum below.
 */
public final class Holm {

    private Holm() {}

    /**
     * Adjusted p-values, in the order given: {@code p_(i) * (m - i + 1)} over the sorted p-values,
     * made monotone by a running maximum and capped at 1. Reject where adjusted p <= alpha.
     */
    public static double[] adjust(double[] p) {
        int m = p.length;
        Integer[] order = IntStream.range(0, m).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> p[i]));
        double[] adjusted = new double[m];
        double running = 0;
        for (int rank = 0; rank < m; rank++) {
            int i = order[rank];
            running = Math.max(running, Math.min(1, p[i] * (m - rank)));
            adjusted[i] = running;
        }
        return adjusted;
    }
}
