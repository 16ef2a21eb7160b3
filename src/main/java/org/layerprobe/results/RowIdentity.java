package org.layerprobe.results;

/**
 * The identity fields a metric row carries: everything in a {@link ResultRow} except the metric
 * and its value. Metrics that produce several rows take one of these and fill in the rest.
 *
 * @param run the run (report) name
 * @param dataset dataset id
 * @param architecture architecture id
 * @param activation activation name
 * @param seed training seed
 * @param checkpoint {@link ResultRow#TRAINED} or {@link ResultRow#INIT}
 * @param point probe point name, or {@link ResultRow#MODEL_POINT}
 * @param pointIndex position of the point in the network; -1 for the model
 */
public record RowIdentity(
        String run,
        String dataset,
        String architecture,
        String activation,
        long seed,
        String checkpoint,
        String point,
        int pointIndex) {

    /** A network's identity before a checkpoint or point is chosen (model point, trained). */
    public static RowIdentity of(String run, String dataset, String architecture, String activation, long seed) {
        return new RowIdentity(
                run, dataset, architecture, activation, seed, ResultRow.TRAINED, ResultRow.MODEL_POINT, -1);
    }

    /** The same identity at another checkpoint, at the whole-model point. */
    public RowIdentity atCheckpoint(String newCheckpoint) {
        return new RowIdentity(run, dataset, architecture, activation, seed, newCheckpoint, ResultRow.MODEL_POINT, -1);
    }

    /** The same identity at another point (e.g. one layer of a per-layer metric). */
    public RowIdentity atPoint(String newPoint, int newPointIndex) {
        return new RowIdentity(run, dataset, architecture, activation, seed, checkpoint, newPoint, newPointIndex);
    }

    /** A row with this identity. */
    public ResultRow row(String metric, double value) {
        return new ResultRow(
                run, dataset, architecture, activation, seed, checkpoint, point, pointIndex, metric, value);
    }
}
