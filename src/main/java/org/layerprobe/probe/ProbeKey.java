package org.layerprobe.probe;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Every probe setting's names, in one table: its key in a spec's {@code probes:} map, its
 * command-line option and whether (and how) it enters a run key. The spec parser, the run key, the
 * command line and the settings' own refusals and values ({@link ProbeSettings#valueOf}) all read it, so a key cannot be spelled two ways.
 * The order is the run key's: reordering it would change every stored run's key.
 */
public enum ProbeKey {
    L2("l2", Option.L2, true),
    LEARNING_RATE("learning_rate", Option.LEARNING_RATE, true),
    BATCH_SIZE("batch_size", Option.BATCH_SIZE, true),
    WARM_EPOCHS("warm_epochs", Option.WARM_EPOCHS, true),
    MAX_PASSES("max_passes", Option.MAX_PASSES, true),
    GRAD_TOLERANCE("grad_tolerance", Option.GRAD_TOLERANCE, true),
    /** Where states live changes how fast a fit runs, never its numbers: not in the run key. */
    MEMORY("memory", Option.MEMORY, false),
    REDUCTION("reduction", Option.REDUCTION, true),
    SEED("seed", null, true),
    SOLVER("solver", Option.SOLVER, true),
    SKETCH_RANK("sketch_rank", Option.SKETCH_RANK, true),
    STOPPING("stopping", Option.STOPPING, true),
    GAP_TOLERANCE("gap_tolerance", Option.GAP_TOLERANCE, true);

    /** The command-line options, as constants because picocli's annotations need them. */
    public static final class Option {
        public static final String L2 = "--probe-l2";
        public static final String LEARNING_RATE = "--probe-lr";
        public static final String BATCH_SIZE = "--probe-batch-size";
        public static final String WARM_EPOCHS = "--probe-warm-epochs";
        public static final String MAX_PASSES = "--probe-max-passes";
        public static final String GRAD_TOLERANCE = "--probe-grad-tolerance";
        public static final String MEMORY = "--memory";
        public static final String REDUCTION = "--reduction";
        public static final String SOLVER = "--probe-solver";
        public static final String SKETCH_RANK = "--probe-sketch-rank";
        public static final String STOPPING = "--probe-stopping";
        public static final String GAP_TOLERANCE = "--probe-gap-tolerance";

        private Option() {}
    }

    private final String spec;
    private final String option;
    private final boolean inRunKey;

    ProbeKey(String spec, String option, boolean inRunKey) {
        this.spec = spec;
        this.option = option;
        this.inRunKey = inRunKey;
    }

    /** The key in a spec's {@code probes:} map, e.g. {@code max_passes}. */
    public String spec() {
        return spec;
    }

    /** The command-line option, e.g. {@code --probe-max-passes}; empty for a spec-only key. */
    public Optional<String> option() {
        return Optional.ofNullable(option);
    }

    /** Whether the value changes a fit's numbers, and so enters the run key ({@link ProbeSettings#valueOf}). */
    public boolean inRunKey() {
        return inRunKey;
    }

    /** Every spec key, in table order. */
    public static List<String> specKeys() {
        return Arrays.stream(values()).map(ProbeKey::spec).toList();
    }

    /** The entry whose spec key is {@code spec}. */
    public static Optional<ProbeKey> bySpec(String spec) {
        return Arrays.stream(values()).filter(k -> k.spec.equals(spec)).findFirst();
    }
}
