package org.layerprobe.probe.solver;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

/**
 * When weaker L2 strengths stop being worth solving. Strengths are ordered from strongest to
 * weakest. Once the strengths at the strong end have converged without a gap and the last of them
 * has a higher validation cross-entropy than the best before it, validation loss has turned up
 * along the path; if it is unimodal in the strength, as it is for L2-regularised softmax regression
 * in practice, no weaker strength can be chosen, so none needs solving.
 *
 * <p>This matters because the weakest strengths need by far the most solver passes (their optimum
 * lies furthest out), and they are rarely the ones chosen on wide states.
 */
public final class L2Path {

    /** Indices into the grid, strongest first. */
    private final int[] order;

    public L2Path(List<Double> grid) {
        this.order = IntStream.range(0, grid.size())
                .boxed()
                .sorted(Comparator.comparing((Integer j) -> grid.get(j)).reversed())
                .mapToInt(Integer::intValue)
                .toArray();
    }

    /** How many strengths, from the strongest on, have converged without a gap. */
    public int convergedRun(IntPredicate converged) {
        int c = 0;
        while (c < order.length && converged.test(order[c])) {
            c++;
        }
        return c;
    }

    /**
     * Whether a validation check could drop strengths after a converged run of {@code run}: it
     * needs two converged strengths to compare and a weaker one still being solved.
     */
    public boolean checkable(int run, IntPredicate dropped) {
        return run >= 2 && run < order.length && !dropped.test(order[run]);
    }

    /** The strength of a converged run of {@code run} with the lowest validation cross-entropy. */
    public int best(int run, double[] validationLoss) {
        int best = order[0];
        for (int i = 1; i < run; i++) {
            if (validationLoss[order[i]] < validationLoss[best]) {
                best = order[i];
            }
        }
        return best;
    }

    /**
     * The strengths beyond a converged run of {@code run} that no longer need solving, given
     * validation cross-entropies (indexed like the grid; only the run's entries are read).
     */
    public List<Integer> beyond(int run, double[] validationLoss) {
        List<Integer> out = new ArrayList<>();
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < run - 1; i++) {
            best = Math.min(best, validationLoss[order[i]]);
        }
        if (validationLoss[order[run - 1]] > best) {
            for (int i = run; i < order.length; i++) {
                out.add(order[i]);
            }
        }
        return out;
    }
}
