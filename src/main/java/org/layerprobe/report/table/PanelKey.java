package org.layerprobe.report.table;

/**
 * What one summary table and one chart are about: an architecture trained on a dataset in a run.
 * Activations become columns inside it; rows from different panels are never averaged together.
 */
public record PanelKey(String run, String dataset, String architecture) {

    /** A label for titles, e.g. {@code mlp-256 on mnist}. */
    public String label() {
        return architecture + " on " + dataset;
    }

    /** Like {@link #label()} but naming the run first, for pages that show several runs. */
    public String labelWithRun() {
        return run + ": " + label();
    }
}
