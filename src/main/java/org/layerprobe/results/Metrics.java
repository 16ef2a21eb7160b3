package org.layerprobe.results;

/** Names of the metrics that appear in {@link ResultRow#metric()}. */
public final class Metrics {
    private Metrics() {}

    /** Flattened width of the probed state. */
    public static final String DIMENSION = "dimension";
    /** Width after optional feature reduction (equals dimension when off). */
    public static final String PROBE_FEATURES = "probe_features";
    public static final String PROBE_TRAIN_ACCURACY = "probe_train_accuracy";
    public static final String PROBE_VAL_ACCURACY = "probe_val_accuracy";
    public static final String PROBE_TEST_ACCURACY = "probe_test_accuracy";
    /** 1 - test accuracy, in [0, 1]. */
    public static final String PROBE_TEST_ERROR = "probe_test_error";
    /** Mean test cross-entropy in nats. */
    public static final String PROBE_TEST_XENT = "probe_test_xent";
    public static final String PROBE_L2 = "probe_l2";
    public static final String PROBE_ITERATIONS = "probe_iterations";
    /** 1 when the probe met its convergence criterion, else 0. */
    public static final String PROBE_CONVERGED = "probe_converged";
    /** Final relative gradient norm of the probe objective. */
    public static final String PROBE_GRAD_NORM = "probe_grad_norm";
    public static final String PROBE_SECONDS = "probe_seconds";
    /** Passes over the training states the probe's solver made (a shared pass counts for each probe). */
    public static final String PROBE_PASSES = "probe_passes";
    /**
     * Rank of the covariance preconditioner used by the chosen strength: 0 for plain L-BFGS, the
     * point's width for its exact covariance, else the Nystrom sketch's rank.
     */
    public static final String PROBE_PRECONDITIONER_RANK = "probe_preconditioner_rank";
    /** The model's own test accuracy (point = model). */
    public static final String MODEL_TEST_ACCURACY = "model_test_accuracy";
    /** Fraction of units of a rectifier layer never active on the validation set. */
    public static final String DEAD_FRACTION = "dead_fraction";
    /** Fraction of units with |f'(z)| < 0.01 on most validation inputs. */
    public static final String SATURATED_FRACTION = "saturated_fraction";
    /** Mean |f'(z)| over units and validation inputs. */
    public static final String MEAN_ABS_DERIVATIVE = "mean_abs_derivative";
    /** Per-layer gradient L2 norm, mean over batches of one epoch (point = parameter's layer). */
    public static final String GRAD_NORM_EPOCH_PREFIX = "grad_norm_epoch_";
}
