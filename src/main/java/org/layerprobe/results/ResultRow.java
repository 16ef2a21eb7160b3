package org.layerprobe.results;

/**
 * One measured number, in long format: the report layer only ever sees these rows, never NDArrays.
 *
 * @param run the run (report) name
 * @param dataset dataset id, e.g. {@code mnist}
 * @param architecture architecture id, e.g. {@code cnn-16-32-d64}
 * @param activation activation name, e.g. {@code relu}
 * @param seed training seed
 * @param checkpoint {@code trained}, {@code init} (the random-init baseline), or {@code step-N}: the
 *     network after N optimizer steps of its training (see {@link #step})
 * @param point probe point name, e.g. {@code conv1.act}; {@code model} for whole-model metrics
 * @param pointIndex position of the point in the network (0 = input), for ordering; -1 for model
 * @param metric metric name, see {@link MetricNames}
 * @param value the value
 */
public record ResultRow(
        String run,
        String dataset,
        String architecture,
        String activation,
        long seed,
        String checkpoint,
        String point,
        int pointIndex,
        String metric,
        double value) {

    public static final String TRAINED = "trained";
    /** The seed of rows that pool every seed of a report (paired comparisons). */
    public static final long ALL_SEEDS = -1;

    public static final String INIT = "init";
    public static final String MODEL_POINT = "model";
    /** Prefix of the checkpoints taken during training. */
    public static final String STEP_PREFIX = "step-";

    /** The checkpoint name of the network after {@code steps} optimizer steps. */
    public static String step(int steps) {
        return STEP_PREFIX + steps;
    }
}
