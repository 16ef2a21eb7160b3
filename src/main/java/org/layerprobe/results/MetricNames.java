package org.layerprobe.results;

import java.util.Map;

/** Names of the metrics that appear in {@link ResultRow#metric()}. */
public final class MetricNames {
    private MetricNames() {}

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
    /** Accepted L-BFGS steps (passes that moved at least one L2 strength); warm-up epochs are a setting. */
    public static final String PROBE_LBFGS_ITERATIONS = "probe_lbfgs_iterations";
    /** 1 when the probe met its convergence criterion, else 0. */
    public static final String PROBE_CONVERGED = "probe_converged";
    /** The gradient norm of the probe objective at the fit, relative to its norm at zero weights. */
    public static final String PROBE_RELATIVE_GRADIENT = "probe_relative_gradient";

    /**
     * Names that rows of earlier versions used, and what they are called now: stored rows are
     * read under the new names ({@code probe_iterations} also counted warm-up epochs, which
     * default to 0).
     */
    public static final Map<String, String> RENAMED = Map.of(
            "probe_grad_norm", "probe_relative_gradient",
            "probe_iterations", "probe_lbfgs_iterations");

    public static final String PROBE_SECONDS = "probe_seconds";
    /** Passes over the training states the probe's solver made (a shared pass counts for each probe). */
    public static final String PROBE_PASSES = "probe_passes";
    /**
     * Rank of the covariance preconditioner used by the chosen strength: 0 for plain L-BFGS, the
     * point's width for its exact covariance, else the Nystrom sketch's rank.
     */
    public static final String PROBE_PRECONDITIONER_RANK = "probe_preconditioner_rank";
    /** The regularised training objective at the fit, with the biases profiled exactly. */
    public static final String PROBE_OBJECTIVE = "probe_objective";
    /** Certified upper bound on the objective minus its optimum (infinite without an L2 penalty). */
    public static final String PROBE_GAP_BOUND = "probe_gap_bound";
    /** {@link #PROBE_GAP_BOUND} as a fraction of {@link #PROBE_OBJECTIVE}. */
    public static final String PROBE_RELATIVE_GAP = "probe_relative_gap";
    /** Test images the probe was scored on. */
    public static final String PROBE_TEST_IMAGES = "probe_test_images";
    /** Lower end of the 95 % Wilson interval of {@link #PROBE_TEST_ERROR} (one seed). */
    public static final String PROBE_TEST_ERROR_LOW = "probe_test_error_ci95_low";
    /** Upper end of the 95 % Wilson interval of {@link #PROBE_TEST_ERROR} (one seed). */
    public static final String PROBE_TEST_ERROR_HIGH = "probe_test_error_ci95_high";

    /**
     * Paired comparisons of two probes scored on the same test images (exact McNemar, discordant
     * images summed over seeds), on rows whose seed is {@link ResultRow#ALL_SEEDS}. Each family's
     * p-values are Holm-adjusted over the report; the metric is the prefix, the family and, for
     * activations, the other activation: {@code paired_p_prev} (this point against the one before
     * it), {@code paired_p_input} (against the input), {@code paired_p_init} (trained against the
     * same point at random init), {@code paired_p_vs_<activation>} (another activation, same point).
     */
    public static final String PAIRED_P_PREFIX = "paired_p_";
    /** The same comparisons' error differences (this probe minus the other), in fractions. */
    public static final String PAIRED_DELTA_PREFIX = "paired_delta_";

    public static final String PAIRED_PREV = "prev";
    public static final String PAIRED_INPUT = "input";
    public static final String PAIRED_INIT = "init";
    public static final String PAIRED_VS = "vs_";
    /** The model's own test accuracy (point = model). */
    public static final String MODEL_TEST_ACCURACY = "model_test_accuracy";
    /** Fraction of units of a rectifier layer never active on the validation set. */
    public static final String DEAD_FRACTION = "dead_fraction";
    /** Fraction of units with |f'(z)| < 0.01 on most validation inputs. */
    public static final String SATURATED_FRACTION = "saturated_fraction";
    /** Mean |f'(z)| over units and validation inputs. */
    public static final String MEAN_ABS_DERIVATIVE = "mean_abs_derivative";
    /**
     * Test error of always answering the training set's most frequent class (point = model): the
     * floor every probe must beat to have read anything.
     */
    public static final String MAJORITY_CLASS_ERROR = "majority_class_error";

    /** Online (prequential) codelength of the training labels given the point's states, in bits. */
    public static final String MDL_ONLINE_BITS = "mdl_online_bits";
    /** Codelength of the same labels under the uniform code, {@code n log2 K} bits. */
    public static final String MDL_UNIFORM_BITS = "mdl_uniform_bits";
    /** Uniform codelength / online codelength: above 1, the states make the labels cheaper to send. */
    public static final String MDL_COMPRESSION = "mdl_compression";
    /** Passes the solver made over all prefix fits of the online code together. */
    public static final String MDL_PASSES = "mdl_passes";
    /** 1 when every prefix fit of the online code converged, else 0. */
    public static final String MDL_CONVERGED = "mdl_converged";

    /** Test accuracy of the same probe on the control task (labels by input type, not class). */
    public static final String CONTROL_TEST_ACCURACY = "control_test_accuracy";
    /** 1 when the control probe converged, else 0. */
    public static final String CONTROL_CONVERGED = "control_converged";
    /** Probe test accuracy minus control test accuracy (Hewitt &amp; Liang's selectivity). */
    public static final String SELECTIVITY = "selectivity";

    /**
     * Linear CKA between this point and another point of the same network, on the CKA images:
     * the metric name is this prefix followed by the other point's name.
     */
    public static final String CKA_WITHIN_PREFIX = "cka_with_";
    /**
     * Linear CKA between this point and the same point of the network with the same activation
     * and another seed: the prefix followed by that seed.
     */
    public static final String CKA_SEED_PREFIX = "cka_seed_";
    /**
     * Linear CKA between this point and the same point of the network with the same seed and
     * another activation: the prefix followed by that activation.
     */
    public static final String CKA_ACTIVATION_PREFIX = "cka_activation_";
    /**
     * Kornblith's sanity check for a pair of seeds: 1 when, among all points of the network with
     * the next seed, the one most similar to this point is the same point, else 0.
     */
    public static final String CKA_SEED_MATCH = "cka_match_next_seed";

    /**
     * Optimizer steps of the whole training (point = model): the step of the {@code trained}
     * checkpoint, stored when the spec lists checkpoints.
     */
    public static final String TRAINED_STEPS = "trained_steps";

    /** Per-layer gradient L2 norm, mean over batches of one epoch (point = parameter's layer). */
    public static final String GRAD_NORM_EPOCH_PREFIX = "grad_norm_epoch_";
}
