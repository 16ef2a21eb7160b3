package org.layerprobe.metrics;

/** On which side(s) of its sampled range an activation's slope has (nearly) vanished. */
public enum Saturation {
    NONE("no"),
    LEFT("left"),
    RIGHT("right"),
    BOTH("both");

    private final String label;

    Saturation(String label) {
        this.label = label;
    }

    /** The saturation for the two ends. */
    public static Saturation of(boolean left, boolean right) {
        return left ? (right ? BOTH : LEFT) : (right ? RIGHT : NONE);
    }

    /** Short label for tables: no, left, right, both. */
    public String label() {
        return label;
    }
}
