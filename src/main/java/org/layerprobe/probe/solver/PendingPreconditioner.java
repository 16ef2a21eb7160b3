package org.layerprobe.probe.solver;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A probe's covariance preconditioner, decomposed only when its solver first asks for it. The
 * sketch pass is shared by every point, but under {@code auto} most probes converge before they
 * switch (on the quickstart CNN half of them did), and the decomposition (an eigendecomposition,
 * or four inverses at 784 features) was a second of every probe fit. Holds the sketch until then.
 */
public final class PendingPreconditioner implements Supplier<NystromPreconditioner>, AutoCloseable {

    private final NDManager manager;
    private final int classes;
    private final NDArray omega;
    private final NDArray sketch;
    private final boolean exact;
    private final double[] lambda;
    private final Function<double[], boolean[]> choose;
    private boolean built;
    private NystromPreconditioner preconditioner;

    /**
     * @param omega the test matrix without its bias row and {@code sketch} = Sigma Omega, both
     *     (d, r), handed over to this object
     * @param choose the strengths to precondition, from the decomposition's eigenvalues
     */
    public PendingPreconditioner(
            NDManager parent,
            int classes,
            NDArray omega,
            NDArray sketch,
            boolean exact,
            double[] lambda,
            Function<double[], boolean[]> choose) {
        this.manager = parent.newSubManager();
        this.classes = classes;
        omega.attach(manager);
        sketch.attach(manager);
        this.omega = omega;
        this.sketch = sketch;
        this.exact = exact;
        this.lambda = lambda.clone();
        this.choose = choose;
    }

    /** The preconditioner, or null where it could not be built or no strength needs it. */
    @Override
    public synchronized NystromPreconditioner get() {
        if (!built) {
            built = true;
            try {
                NystromPreconditioner p =
                        NystromPreconditioner.build(manager, classes, omega, sketch, exact, lambda, choose);
                if (p.anyEnabled()) {
                    preconditioner = p;
                } else {
                    p.close();
                }
            } catch (IllegalStateException ex) {
                // Commons Math failing on a degenerate sketch, or a core never positive definite.
                // The preconditioner only shapes the path to the optimum, never the optimum:
                // without one the probe stays plain L-BFGS, recorded as rank 0.
                preconditioner = null;
            }
            omega.close();
            sketch.close();
        }
        return preconditioner;
    }

    @Override
    public void close() {
        manager.close();
    }
}
